import { describe, expect, it } from 'vitest';
import { commonNamePart } from '../../src/text/attribute-names.js';

describe('commonNamePart', () => {
  it('finds the CN of a DN in either order and separator, and nothing when there is none', () => {
    expect(commonNamePart('C=US, O=Example Payments, OU=Partner PKI, CN=Example Payments Partner CA G1')).toBe(
      'CN=Example Payments Partner CA G1',
    );
    expect(commonNamePart('CN=device-42,O=Fleet')).toBe('CN=device-42');
    expect(commonNamePart('/C=US/O=Corp/CN=Corp CA')).toBe('CN=Corp CA');
    expect(commonNamePart('O=No Common Name')).toBeNull();
    expect(commonNamePart('CN=')).toBeNull();
    // Not a CN: an attribute whose name merely ends in CN.
    expect(commonNamePart('XCN=not, O=x')).toBeNull();
  });
});
