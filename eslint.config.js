// Lint rules that hold without anyone remembering them: TypeScript's recommended set, the
// React hooks rules, and the layer rules of docs/architecture.md as import restrictions, so
// a wrong import fails `npm test` instead of waiting for a review.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** One layer may not import from these others (regexes over the import specifier). */
function layer(files, forbidden) {
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns: forbidden.map(([regex, message]) => ({ regex, message })) }],
    },
  };
}

const NO_UI = ['^(ink|react|ink-[^/]+)(/|$)|(^|/)ui/', 'this layer is pure: no UI (ink, react, src/ui)'];
const NO_SOURCES = ['(^|/)sources/', 'this layer is pure: sources are the I/O edge and feed it, not the other way round'];
const NO_AWS = [
  '^@aws-sdk/|^@smithy/|(^|/)(aws|digest-io)/',
  'this layer is pure: AWS clients and adapters live in src/aws, src/digest-io and src/sources',
];
const NO_AGGREGATION = ['(^|/)aggregation/', 'sources are the I/O edge: they emit lines and statuses, the store is fed by the pipeline'];
const NO_CLI = ['(^|/)cli/', 'only the composition root (src/cli) wires layers together; nothing imports it'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/.work/', 'tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Terminal escapes are this project's subject: regexes over control characters are deliberate.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  layer(['src/parsers/**', 'src/digest/**', 'src/aggregation/**', 'src/events/**'], [NO_UI, NO_SOURCES, NO_AWS, NO_CLI]),
  layer(['src/sources/**'], [NO_UI, NO_AGGREGATION, NO_CLI]),
  layer(
    ['src/ui/**', 'src/report/**', 'src/pipeline/**', 'src/text/**', 'src/fs/**', 'src/aws/**', 'src/digest-io/**', 'src/runtime/**'],
    [NO_CLI],
  ),
);
