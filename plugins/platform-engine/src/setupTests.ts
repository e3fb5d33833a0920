// These tests run git, child processes, local servers or a whole app; on a loaded CI machine
// they need more than the default 5 s (a test that hangs still fails, after 30 s).
jest.setTimeout(30_000);

export {};
