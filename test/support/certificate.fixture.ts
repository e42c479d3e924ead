/** A real X.509 certificate for the CERTIFICATE credential tests (unit and e2e). */

/**
 * A self-signed P-256 certificate made once with
 * `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/C=CH/O=Example AG/CN=alice.example"
 *  -days 3650 -set_serial 0x1A2B3C4D5E`; `openssl x509 -noout -subject -serial -dates -fingerprint -sha256` printed
 * the values asserted below.
 */
export const PEM = `-----BEGIN CERTIFICATE-----
MIIBuTCCAWCgAwIBAgIFGis8TV4wCgYIKoZIzj0EAwIwOjELMAkGA1UEBhMCQ0gx
EzARBgNVBAoMCkV4YW1wbGUgQUcxFjAUBgNVBAMMDWFsaWNlLmV4YW1wbGUwHhcN
MjYxMTI3MDczOTM2WhcNMzYxMTI0MDczOTM2WjA6MQswCQYDVQQGEwJDSDETMBEG
A1UECgwKRXhhbXBsZSBBRzEWMBQGA1UEAwwNYWxpY2UuZXhhbXBsZTBZMBMGByqG
SM49AgEGCCqGSM49AwEHA0IABK5eGyyyq6YwD0ITeMR2pTxGtBXta3kFENzeWM+j
XJBOZwTsPSQ7+kxcxC3/bAd8obNqThJGb4CnYy87q4oOc2ajUzBRMB0GA1UdDgQW
BBQvbisj7zXM5c2uFmRJrdqN79gUqzAfBgNVHSMEGDAWgBQvbisj7zXM5c2uFmRJ
rdqN79gUqzAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0cAMEQCIA0lDpTB
SBpXK5gEbcnZLhq0XPo3wOb0Mt/aSBfGHZL+AiAWUAkwiqGVV29M4iTPzH+EAVpu
iNddW6HuNBY1Mp20ig==
-----END CERTIFICATE-----
`;
export const OPENSSL = {
  subject: 'C = CH, O = Example AG, CN = alice.example',
  serial: '1A2B3C4D5E',
  notBefore: 'Nov 27 07:39:36 2026 GMT',
  notAfter: 'Nov 24 07:39:36 2036 GMT',
  sha256: 'B8:48:A1:67:A0:5C:CA:1D:B1:26:31:A8:4C:D8:F2:91:36:9D:CC:EF:63:54:15:D9:25:8C:5B:B2:FE:86:13:7F',
};
