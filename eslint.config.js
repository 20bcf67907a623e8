// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { defineConfig } from 'eslint/config';

/** Imports with effects that the pure settlement engine must never reach. */
const impureModules = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'crypto',
  'child_process',
  'http',
  'https',
  'net',
  'electron',
  'better-sqlite3',
  'smartcard',
  'react',
  'react-dom',
];

export default defineConfig(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'renderer/dist/**', '**/*.js', '!eslint.config.js'] },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['eslint.config.js'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // A parameter a signature needs but this implementation does not use starts with _.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='round']",
          message: 'Money is never rounded with Math.round: use roundMoney() from settlement/money.',
        },
        {
          selector: "CallExpression[callee.name='parseFloat']",
          message: 'Money is never a float: parse decimal strings with decimal.js.',
        },
      ],
    },
  },
  {
    // The engine is a pure function: no I/O, no clock, no randomness, nothing outside settlement/.
    files: ['settlement/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: impureModules, message: 'settlement/ is pure: no I/O, Node, Electron or database imports.' },
            { group: ['../*', '!./*'], message: 'settlement/ imports nothing from outside settlement/.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Date', message: 'settlement/ has no clock: dates come in the request.' },
        { name: 'process', message: 'settlement/ has no process: it is pure.' },
        { name: 'console', message: 'settlement/ does not log: it returns a trace.' },
        { name: 'fetch', message: 'settlement/ does no I/O.' },
        { name: 'setTimeout', message: 'settlement/ has no timers.' },
        { name: 'setInterval', message: 'settlement/ has no timers.' },
        { name: 'crypto', message: 'settlement/ has no randomness.' },
        { name: 'require', message: 'settlement/ is pure ESM.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'settlement/ has no randomness.' },
        { object: 'Decimal', property: 'random', message: 'settlement/ has no randomness.' },
      ],
    },
  },
  {
    // Only the Electron host (main and preload) imports 'electron': the service, the card, the
    // center, the store and the renderer run under plain Node or in a browser as well.
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: "Only electron/main and electron/preload import 'electron'." }], patterns: [{ group: ['electron/*'], message: "Only electron/main and electron/preload import 'electron'." }] },
      ],
    },
  },
  {
    // Raw ipcMain/ipcRenderer live in one typed wrapper per side, which checks senders and schemas.
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    ignores: ['electron/main/ipc.ts', 'electron/preload/index.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message: 'Use the typed wrappers: electron/main/ipc.ts (ipcMain) and electron/preload/index.ts (ipcRenderer).',
            },
          ],
        },
      ],
    },
  },
  {
    // The renderer is DOM only: it reaches the terminal through TerminalApi and imports nothing
    // from the Node side but the API contract's types.
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: impureModules.filter((m) => m !== 'react' && m !== 'react-dom'),
              message: 'renderer/ is DOM only: no Node, Electron or database imports.',
            },
            {
              group: ['**/db', '**/db/**', '**/settlement', '**/settlement/**', '**/electron/**', '!**/electron/service/contract.js'],
              message: 'renderer/ imports nothing from the Node side but the API contract.',
            },
            {
              group: ['**/electron/service/contract.js'],
              allowTypeImports: true,
              message: 'renderer/ imports only types from the API contract (import type).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
