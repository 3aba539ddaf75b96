/**
 * Trasealla's production signing PUBLIC keys, by key id. Every release trusts all of them, so
 * keys sold under an older signing key keep working after a rotation; withdrawing a key id from
 * this list (in a release) stops its keys from verifying.
 *
 * PLACEHOLDER: the entry below is a freshly generated pair whose private half was discarded.
 * Trasealla ops replace it with the real production public key(s) before the first release;
 * the private key lives only with the license service (LICENSE_SIGNING_KEY_FILE), never here.
 */
export const PRODUCTION_PUBLIC_KEYS_HEX: Readonly<Record<string, string>> = {
  JFRSN9WH: '0c6586908e7d8aa4a03b466132d2af0292a3080b31175b674c760c89e596cdc8',
};
