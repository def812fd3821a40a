/** Terminal size from Ink's stdout, updated on `resize`. */
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

/** Columns and rows of the output (80x24 when the stream does not say). */
export function useTerminalSize(): { columns: number; rows: number } {
  // Ink 8 types it as any writable; on a terminal it is a tty.WriteStream.
  const stdout = useStdout().stdout as NodeJS.WriteStream;
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => {
      const next = read();
      setSize((prev) => (prev.columns === next.columns && prev.rows === next.rows ? prev : next));
    };
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stdout]);
  return size;
}
