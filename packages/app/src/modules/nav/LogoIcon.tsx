import { MarkedLogo } from './LayersMark';

/** The portal's mark alone, for the closed sidebar. */
export const LogoIcon = () => <MarkedLogo width={36} height={28} />;
