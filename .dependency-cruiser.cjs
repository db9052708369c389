// Import cycles make module start order fragile (Nest's forwardRef, undefined at import time) and
// hide which layer owns a type; `./itsm test` fails on any cycle in services, libraries or tests.
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Move the shared type or helper into a file of its own that both sides import.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|\\.build)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
