/** The overlay that replaces the body: help, a picker, a prompt, or one failure record (from the failures section). */
import type { ViewQuery } from '../../aggregation/types.js';
import { useSection } from '../hooks/use-section.js';
import { failureDetailLines } from '../panes/failures.js';
import { helpLines, pickerLines, promptLines } from '../panes/overlays.js';
import type { ShownView } from '../shown-view.js';
import type { Overlay } from '../ui-state.js';
import { Lines } from './Lines.js';

/** Props of `<OverlayView>`. */
export interface OverlayViewProps {
  overlay: Overlay;
  view: ShownView;
  query: ViewQuery;
  paused: boolean;
  width: number;
  height: number;
}

function DetailOverlay({
  overlay,
  view,
  query,
  paused,
  width,
  height,
}: OverlayViewProps & { overlay: Extract<Overlay, { kind: 'detail' }> }) {
  const failures = useSection(view, 'failures', query, paused);
  const record = failures.find((r) => r.seq === overlay.seq);
  return <Lines lines={failureDetailLines(record, { width, height, focused: true, scroll: overlay.scroll })} width={width} />;
}

/** An overlay, exactly `height` rows. */
export function OverlayView(props: OverlayViewProps) {
  const { overlay: o, width, height } = props;
  switch (o.kind) {
    case 'help':
      return <Lines lines={helpLines(width, height, o.scroll)} width={width} />;
    case 'picker':
      return <Lines lines={pickerLines(o, width, height)} width={width} />;
    case 'prompt':
      return <Lines lines={promptLines(o, width, height)} width={width} />;
    case 'detail':
      return <DetailOverlay {...props} overlay={o} />;
  }
}
