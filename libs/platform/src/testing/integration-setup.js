// Integration tests wait on real brokers and databases; testTimeout is not a per-project option.
jest.setTimeout(120000);
