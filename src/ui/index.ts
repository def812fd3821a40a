/** Public entry of the TUI for the composition root. */
export type { AppProps, AlertThresholds, ExportResult, StatusList, ValidationRunner } from './app-props.js';
export { App } from './components/App.js';
export { renderApp, type RenderAppOptions, type RenderedApp } from './render-app.js';
export { fastOutputActive, fastOutputStatus } from './ink/install-fast-output.js';
export { cellDiffStatus, requestedWriter, type TerminalWriter } from './ink/install-cell-diff.js';
export { loadTheme, builtinThemes, colourDisabled, DEFAULT_THEME, MONOCHROME_THEME, type Theme, type ThemeLoadResult } from './theme.js';
export { KEYMAP } from './keymap.js';
