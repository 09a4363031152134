import { readFileSync } from 'node:fs';
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { ConfigError, SETTINGS, type Config } from './config.js';

/** The certificate chain and private key the node serves HTTPS with, as read from disk. */
export interface TlsMaterial {
  readonly cert: Buffer;
  readonly key: Buffer;
}

/**
 * Reads `tlsCertFile` and `tlsKeyFile` and checks that they belong together; null when TLS is
 * not configured. Called at boot (by `loadConfig`, and by `startNode` for the bytes it listens
 * with). A missing or unreadable file, a file that is not PEM, or a key that does not match the
 * certificate is a {@link ConfigError} naming the setting.
 */
export function readTlsMaterial(config: Config): TlsMaterial | null {
  if (config.tlsCertFile === null || config.tlsKeyFile === null) return null;
  const certSetting = SETTINGS.tlsCertFile.env;
  const keySetting = SETTINGS.tlsKeyFile.env;
  const cert = readSettingFile(certSetting, config.tlsCertFile);
  const key = readSettingFile(keySetting, config.tlsKeyFile);
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch (err) {
    throw new ConfigError(
      certSetting,
      `${config.tlsCertFile} is not a PEM certificate: ${(err as Error).message}`,
    );
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch (err) {
    throw new ConfigError(
      keySetting,
      `${config.tlsKeyFile} is not a PEM private key (an encrypted key is not supported): ${(err as Error).message}`,
    );
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new ConfigError(
      keySetting,
      `the key in ${config.tlsKeyFile} does not match the certificate in ${config.tlsCertFile}`,
    );
  }
  return { cert, key };
}

function readSettingFile(setting: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new ConfigError(setting, `cannot read ${path}: ${(err as Error).message}`);
  }
}
