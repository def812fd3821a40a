/** React context carrying the active theme to `<Lines>`. */
import { createContext, useContext } from 'react';
import { DEFAULT_THEME, type Theme } from '../theme.js';

/** The active theme. */
export const ThemeContext = createContext<Theme>(DEFAULT_THEME);

/** Read the active theme. */
export function useTheme(): Theme {
  return useContext(ThemeContext);
}
