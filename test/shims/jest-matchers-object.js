// Stand-in for `expect/build/jestMatchersObject`, which integration-sdk-testing 8.41.0
// requires but jest 29 hides behind `expect`'s exports map.
const JEST_MATCHERS_OBJECT = Symbol.for('$$jest-matchers-object');
module.exports = {
  getMatchers: () => globalThis[JEST_MATCHERS_OBJECT].matchers,
};
