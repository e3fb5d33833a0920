import { Route, Routes } from 'react-router-dom';
import { DriftReportPage } from './DriftReportPage';
import { ModulePage } from './ModulePage';
import { ReleaseChannelsPage } from './ReleaseChannels';
import { SourceViewPage } from './SourceView';

/**
 * The plugin's pages under `/platform`: the drift report, one page per module, release
 * channels across the organisation, and the source view of locally read repositories.
 */
export function PlatformRoutes() {
  return (
    <Routes>
      <Route path="/" element={<DriftReportPage />} />
      <Route path="/modules/:name" element={<ModulePage />} />
      <Route path="/release-channels" element={<ReleaseChannelsPage />} />
      <Route path="/source" element={<SourceViewPage />} />
    </Routes>
  );
}
