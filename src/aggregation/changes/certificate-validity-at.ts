/**
 * Whether the client certificate of a handshake was inside its validity window at the
 * moment of the handshake: `expired` (after NotAfter), `not-yet-valid` (before
 * NotBefore) or `valid`, from the parsed `clientLeafCertNotBefore` / `NotAfter` fields
 * when the parser set them, else from the raw `clientLeafCertValidity` text
 * (`NotBefore=2025-06-05T23:28:21Z;NotAfter=2125-05-12T23:28:21Z`). Null when the
 * record carries no usable window (no certificate, or a hostile text).
 */
import type { ConnectionEvent } from '../../events/types.js';

/** Where a handshake's time falls in its client certificate's validity window. */
export type CertificateValidityAt = 'expired' | 'not-yet-valid' | 'valid';

const PART = /(NotBefore|NotAfter)=([^;]{1,64})/g;

/** NotBefore / NotAfter (epoch ms) of a raw validity text; NaN for a missing or unparsable part. */
export function parseValidityWindow(text: string): { notBefore: number; notAfter: number } {
  let notBefore = NaN;
  let notAfter = NaN;
  if (text.length <= 256) {
    for (const m of text.matchAll(PART)) {
      const ms = Date.parse(m[2]!.trim());
      if (m[1] === 'NotBefore') notBefore = ms;
      else notAfter = ms;
    }
  }
  return { notBefore, notAfter };
}

/** The validity of the event's client certificate at the event's own timestamp, or null when unknown. */
export function certificateValidityAt(event: ConnectionEvent): CertificateValidityAt | null {
  let notBefore = event.clientLeafCertNotBefore ?? NaN;
  let notAfter = event.clientLeafCertNotAfter ?? NaN;
  if (Number.isNaN(notBefore) && Number.isNaN(notAfter)) {
    if (event.clientLeafCertValidity === undefined) return null;
    ({ notBefore, notAfter } = parseValidityWindow(event.clientLeafCertValidity));
    if (Number.isNaN(notBefore) && Number.isNaN(notAfter)) return null;
  }
  const at = event.eventTimestamp;
  if (at > notAfter) return 'expired';
  if (at < notBefore) return 'not-yet-valid';
  return 'valid';
}
