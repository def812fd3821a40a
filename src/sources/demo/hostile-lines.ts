/**
 * Hostile input the demo mixes in, so the terminal sanitiser and the malformed-line
 * counters visibly work: escape sequences in SNI and certificate fields (an OSC title
 * change, a screen clear, colours, a bidi override), a truncated JSON line, garbage,
 * wrong types, a JSON null, a W3C line with too few columns, and an over-long line.
 */
import { BAD_CA_DISTRIBUTION } from './cast.js';

/** Sets the terminal title to "pwned" if passed through unescaped. */
export const OSC_TITLE = '\u001b]0;pwned\u0007';
/** Clears the screen if passed through unescaped. */
export const CLEAR_SCREEN = '\u001b[2J';

/** Hostile lines for each demo file, stamped at `timestampMs`. */
export interface HostileLines {
  connectionsJson: string[];
  connectionsW3c: string[];
  firewall: string[];
}

/** The hostile lines of one burst. Every connection line that parses names a real distribution. */
export function hostileLines(timestampMs: number): HostileLines {
  const seconds = Math.floor(timestampMs / 1000);
  const evilRecord = {
    eventTimestamp: timestampMs,
    connectionId: 'hostile-escape-sequences==',
    connectionStatus: 'Failed:ClientCertUntrusted',
    clientIp: '203.0.113.66',
    clientPort: 6666,
    serverIp: '99.84.71.136',
    distributionId: BAD_CA_DISTRIBUTION,
    tlsProtocol: 'TLSv1.3',
    tlsCipher: 'TLS_AES_128_GCM_SHA256',
    tlsHandshakeDuration: 31,
    tlsSni: `${OSC_TITLE}evil.example.com${CLEAR_SCREEN}`,
    clientLeafCertSerialNumber: '66:66:66:66:66:66:66:66:66',
    clientLeafCertSubject: `C=XX, O=\u001b[31mRed Team\u001b[0m, CN=\u202eexample.com`,
    clientLeafCertIssuer: `CN=Evil CA${OSC_TITLE}`,
    clientLeafCertValidity: 'NotBefore=2026-01-01T00:00:00Z;NotAfter=2027-01-01T00:00:00Z',
    connectionLogCustomData: `\u001b[2J\u001b[HREVOKED:${CLEAR_SCREEN}`,
  };
  const evilJson = JSON.stringify(evilRecord);
  const truncated = evilJson.slice(0, Math.floor(evilJson.length * 0.6));
  const w3cEvil = [
    String(timestampMs),
    'EJ8Y3F6QW1ZDSU',
    '-',
    'Failed:ClientCertInvalid',
    '198.51.100.66',
    '6667',
    'TLSv1.2',
    'ECDHE-RSA-AES128-GCM-SHA256',
    '45',
    // Raw escape bytes in a delimited file: nothing in the format escapes them.
    `${OSC_TITLE}edi.example-logistics.com${CLEAR_SCREEN}`,
    '-',
    `CN=\u001b[5mblink\u001b[0m`,
    '-',
    '-',
    'hostile-w3c==',
    '99.84.71.21',
  ].join('\t');
  return {
    connectionsJson: [
      evilJson,
      truncated,
      '\u0000\u0001\u007f\u0080\u0099garbage \ufffd\ufffd not a log line \u001b[2J',
      'null',
      JSON.stringify({ eventTimestamp: 'yesterday', connectionStatus: 42, distributionId: ['E2DX1SLDPK0123'] }),
      `{"eventTimestamp":${timestampMs},"connectionStatus":"Success","distributionId":"${BAD_CA_DISTRIBUTION}","tlsSni":"${'A'.repeat(70_000)}`,
    ],
    connectionsW3c: [w3cEvil, `${timestampMs}\tEJ8Y3F6QW1ZDSU\tSuccess`, '\u0000\u0000\u0000 binary \u00ff\u00fe junk'],
    firewall: [
      JSON.stringify({
        firewall_name: `egress-fw${OSC_TITLE}`,
        availability_zone: 'us-east-1a',
        event_timestamp: seconds,
        event: {
          timestamp: new Date(timestampMs).toISOString(),
          src_ip: '10.0.2.66',
          src_port: '6666',
          dest_ip: '10.0.1.27',
          dest_port: '443',
          sni: `${CLEAR_SCREEN}evil${OSC_TITLE}`,
          tls_error: { error_message: `SNI: ${CLEAR_SCREEN} Match Failed to server certificate names: ${OSC_TITLE} ` },
        },
      }),
      '{"firewall_name":"egress-fw","event_timestamp":17',
      JSON.stringify({ firewall_name: 'egress-fw', event_timestamp: 'soon', event: null }),
    ],
  };
}
