import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const features = [
  'auth',
  'tasks',
  'notifications',
  'profile',
  'projects',
  'api-tokens',
  'data',
  'theme',
  'quick-add',
];

const noDeepRelative = {
  group: ['../../*'],
  message: 'Use the @/ alias for imports across folders.',
};

const restrictImports = (...patterns) => ({
  'no-restricted-imports': ['error', { patterns: [noDeepRelative, ...patterns] }],
});

// Features compose only in src/app: a feature never imports another one (bulletproof-react).
const featureBoundaries = features.map((feature) => ({
  files: [`src/features/${feature}/**/*.{ts,tsx}`],
  rules: restrictImports(
    {
      group: features.filter((f) => f !== feature).map((f) => `@/features/${f}/**`),
      message: 'Features must not import each other; compose them in src/app.',
    },
    { group: ['@/app/**'], message: 'Features must not depend on the app layer.' },
  ),
}));

export default tseslint.config(
  // openapi.gen.ts is generated (npm run gen:api): checked by tsc, not held to the house style.
  { ignores: ['dist', 'node_modules', 'src/types/openapi.gen.ts'] },
  {
    files: ['src/**/*.{ts,tsx}', 'vite.config.ts'],
    extends: [
      js.configs.recommended,
      tseslint.configs.strictTypeChecked,
      tseslint.configs.stylisticTypeChecked,
      reactHooks.configs.flat.recommended,
    ],
    languageOptions: {
      ecmaVersion: 2023,
      globals: globals.browser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      ...restrictImports(),
    },
  },
  ...featureBoundaries,
  {
    files: ['src/{lib,components,hooks,utils,types,config}/**/*.{ts,tsx}'],
    rules: restrictImports({
      group: ['@/features/**', '@/app/**'],
      message: 'Shared code must not depend on features or the app.',
    }),
  },
  {
    files: ['e2e/**/*.mjs', 'scripts/**/*.mjs', 'eslint.config.js'],
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: 2023, globals: globals.node },
  },
  {
    files: ['sw/**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: 2023, globals: globals.serviceworker },
  },
  {
    files: ['public/**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: 2023, sourceType: 'script', globals: globals.browser },
  },
);
