// The runtime loads aws-sdk v2, which prints an end-of-support notice on load.
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1';

/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  // Node's, with the SDK's logs of a passing test held back (see the file).
  testEnvironment: '<rootDir>/test/environment.js',
  testMatch: [
    '<rootDir>/src/**/*.test.ts',
    '<rootDir>/test/**/*.test.ts',
    '<rootDir>/simulator/**/*.test.ts',
    '<rootDir>/scripts/**/*.test.ts',
  ],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  moduleNameMapper: {
    // integration-sdk-testing 8.41.0 requires a path that jest 29's `expect` no longer exports.
    '^expect/build/jestMatchersObject$': '<rootDir>/test/shims/jest-matchers-object.js',
  },
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  testTimeout: 60000,
};
