import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// These tests run git, child processes, local servers or a whole app; on a loaded CI machine
// they need more than the default 5 s (a test that hangs still fails, after 30 s).
jest.setTimeout(30_000);
// A page renders through the whole app's providers; on a loaded machine its first paint can
// take longer than the 1 s findBy* and waitFor allow by default, and a CI run on two busy
// cores has taken more than 5 s to draw a page's charts. What never appears still fails, when
// the wait runs out.
configure({ asyncUtilTimeout: 15_000 });
