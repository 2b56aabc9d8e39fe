/**
 * The certificate the server door serves HTTPS with when no other is given (`tls: true`,
 * `onerway-sim serve --tls`): self-signed, for `localhost`, `127.0.0.1` and `::1` only, valid
 * until 2126. Shipped rather than generated: Node cannot make a certificate without a dependency,
 * and one fixed certificate can be trusted once (docs/decisions.md). Its key is public: never use
 * it for anything but a local test server.
 */

/** The certificate, PEM: what a client is told to trust (`NODE_EXTRA_CA_CERTS`, `curl --cacert`, `ca`). */
export const TEST_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIICIzCCAcigAwIBAgIUAuttYAjUsdkqBVGhsQBPXNxivDMwCgYIKoZIzj0EAwIw
OzESMBAGA1UEAwwJbG9jYWxob3N0MSUwIwYDVQQKDBxvbmVyd2F5LXNpbSB0ZXN0
IGNlcnRpZmljYXRlMCAXDTI2MTEyOTAwNDExOFoYDzIxMjYxMTA1MDA0MTE4WjA7
MRIwEAYDVQQDDAlsb2NhbGhvc3QxJTAjBgNVBAoMHG9uZXJ3YXktc2ltIHRlc3Qg
Y2VydGlmaWNhdGUwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASB5Y7qEMpyBWeM
PlF8of8sdu/VSAzCI5QJRKBJC+r2jTIJCJ2J/8JHnfOvbq/1q1jOCD6ifCty1LrG
EoqgxfN6o4GnMIGkMB0GA1UdDgQWBBT+bF9Ew5wdc7TA6rAgXpyNDFTJaTAfBgNV
HSMEGDAWgBT+bF9Ew5wdc7TA6rAgXpyNDFTJaTAsBgNVHREEJTAjgglsb2NhbGhv
c3SHBH8AAAGHEAAAAAAAAAAAAAAAAAAAAAEwDwYDVR0TAQH/BAUwAwEB/zAOBgNV
HQ8BAf8EBAMCAoQwEwYDVR0lBAwwCgYIKwYBBQUHAwEwCgYIKoZIzj0EAwIDSQAw
RgIhAJtrnxDFAM56vvsVt6Zv8Tsl8rC75eHOxGnMnXPoyckdAiEAyoAGB6E75jMM
ByrPmcMZbExasqvj9cy+9TYHTyjxCtE=
-----END CERTIFICATE-----
`;

/** Its private key, PEM (public on purpose: see above). */
export const TEST_CERTIFICATE_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgq8f5f2VRU3kD6piJ
6yjOidO7V2HGXgcDOqyiVmCFnYmhRANCAASB5Y7qEMpyBWeMPlF8of8sdu/VSAzC
I5QJRKBJC+r2jTIJCJ2J/8JHnfOvbq/1q1jOCD6ifCty1LrGEoqgxfN6
-----END PRIVATE KEY-----
`;
