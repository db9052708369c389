// Integration tests wait on real brokers and databases; testTimeout is not a per-project option.
jest.setTimeout(120000);

// Every answer a server under test sent must be one its OpenAPI document describes (see watchApiContract).
const { verifyApiContracts } = require('./api-contract-watch');
afterEach(() => verifyApiContracts());
afterAll(() => verifyApiContracts());
