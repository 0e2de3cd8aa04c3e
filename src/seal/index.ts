/** Public surface of sealing: restricted outputs encrypted to recipients' keys or a passphrase, and opened again. */
export { seal, unseal, newRecipientKey, recipientFingerprint, SEAL_MAGIC, type SealRecipient, type SealOpener } from './envelope.js';
export { sealedWriter, recipientsFrom, writeRecipientKey, unsealFile, privateKeyOpener, SEALED_SUFFIX } from './sealed-files.js';
