import { Route, Routes } from 'react-router-dom';
import { DriftReportPage } from './DriftReportPage';
import { ModulePage } from './ModulePage';
import { ReleaseChannelsPage } from './ReleaseChannels';

/**
 * The plugin's pages under `/platform`: the drift report, one page per module, and release
 * channels across the organisation.
 */
export function PlatformRoutes() {
  return (
    <Routes>
      <Route path="/" element={<DriftReportPage />} />
      <Route path="/modules/:name" element={<ModulePage />} />
      <Route path="/release-channels" element={<ReleaseChannelsPage />} />
    </Routes>
  );
}
