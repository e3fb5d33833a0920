export { addSourceRoutes } from './routes';
export { SourceReader } from './SourceReader';
export type { SourceReaderOptions, SourceFile } from './SourceReader';
export { lineUrl, sourceViewUrl, hostWebUrl } from './sourceLinks';
