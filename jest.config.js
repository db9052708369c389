// Two projects: fast unit tests (no I/O) and integration tests against the real Postgres and Kafka.
// Transpile-only here; `npm run typecheck` type-checks the whole tree once.
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }],
};
const moduleNameMapper = {
  '^@itsm/contracts$': '<rootDir>/libs/contracts/src/index.ts',
  '^@itsm/platform/(.*)$': '<rootDir>/libs/platform/src/$1/index.ts',
};
const common = {
  rootDir: __dirname,
  transform,
  moduleNameMapper,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/dist-bench/', '<rootDir>/.infra/'],
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{libs,services}/*/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs,services}/*/test/**/*.int-spec.ts', '<rootDir>/test/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/libs/platform/src/testing/global-setup.js',
      setupFilesAfterEnv: ['<rootDir>/libs/platform/src/testing/integration-setup.js'],
    },
  ],
};
