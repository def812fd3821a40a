/**
 * What the App can ask of the terminal it is mounted on, beyond drawing: for now, suspend
 * (Ctrl-Z). `renderApp` provides the real one; without a provider (component tests) it
 * does nothing.
 */
import { createContext } from 'react';

/** Terminal-level actions a key can trigger. */
export interface TerminalControl {
  /** Hand the terminal back to the shell and stop the process, as Ctrl-Z does in a cooked terminal. */
  suspend(): void;
}

/** The App reads its TerminalControl from here. */
export const TerminalControlContext = createContext<TerminalControl>({ suspend: () => {} });
