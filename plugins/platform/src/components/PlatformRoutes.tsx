import { Route, Routes } from 'react-router-dom';
import { DriftReportPage } from './DriftReportPage';
import { ModulePage } from './ModulePage';

/** The plugin's pages under `/platform`: the drift report and one page per module. */
export function PlatformRoutes() {
  return (
    <Routes>
      <Route path="/" element={<DriftReportPage />} />
      <Route path="/modules/:name" element={<ModulePage />} />
    </Routes>
  );
}
