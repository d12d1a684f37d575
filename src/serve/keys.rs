//! The server's host key and the keys allowed in.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};
use russh::keys::ssh_key::LineEnding;
use russh::keys::ssh_key::authorized_keys::AuthorizedKeys;
use russh::keys::{Algorithm, HashAlg, PrivateKey, PublicKey};

/// The host key at `path`: read when it exists, else generated (ed25519) and written there with
/// mode 0600. An existing file is never overwritten.
pub fn host_key(path: &Path) -> anyhow::Result<PrivateKey> {
    if path.exists() {
        return read_host_key(path);
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating the folder {}", dir.display()))?;
    }
    let key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519)
        .context("generating an ed25519 host key")?;
    let text = key
        .to_openssh(LineEnding::LF)
        .context("encoding the host key")?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = match options.open(path) {
        Ok(f) => f,
        // Made meanwhile by another server: use it.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return read_host_key(path),
        Err(e) => return Err(e).with_context(|| format!("writing {}", path.display())),
    };
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(key)
}

fn read_host_key(path: &Path) -> anyhow::Result<PrivateKey> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let key = PrivateKey::from_openssh(text.as_bytes())
        .with_context(|| format!("{} is not an OpenSSH private key", path.display()))?;
    if key.is_encrypted() {
        bail!(
            "{} is encrypted with a passphrase; a host key must not be",
            path.display()
        );
    }
    Ok(key)
}

/// A public key's SHA-256 fingerprint as OpenSSH prints it (`SHA256:…`).
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// The keys of an OpenSSH `authorized_keys` file. Options and comments are read past; lines that
/// are not keys are an error naming the line, so that a typo does not lock someone out unseen.
pub fn authorized_keys(path: &Path) -> anyhow::Result<Vec<PublicKey>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    parse_authorized_keys(&text).with_context(|| format!("in {}", path.display()))
}

pub fn parse_authorized_keys(text: &str) -> anyhow::Result<Vec<PublicKey>> {
    let mut keys = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match AuthorizedKeys::new(line).next() {
            Some(Ok(entry)) => keys.push(entry.public_key().clone()),
            Some(Err(e)) => bail!("line {}: not a public key ({e})", number + 1),
            None => {}
        }
    }
    if keys.is_empty() {
        bail!("no keys");
    }
    Ok(keys)
}

/// Whether `key` is one of `allowed`: the key data are compared, never the comments.
pub fn is_allowed(allowed: &[PublicKey], key: &PublicKey) -> bool {
    allowed.iter().any(|k| k.key_data() == key.key_data())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_key_is_written_once_private_and_reused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("sub").join("host_key");
        let first = host_key(&path).expect("generated");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path)
                .expect("written")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let again = host_key(&path).expect("read back");
        assert_eq!(
            fingerprint(first.public_key()),
            fingerprint(again.public_key())
        );
        assert_eq!(first.algorithm(), Algorithm::Ed25519);
    }

    #[test]
    fn authorized_keys_compare_key_data_not_comments() {
        let key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).expect("key");
        let other = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).expect("key");
        let line = key.public_key().to_openssh().expect("encoded");
        let text = format!("# people\n\nno-pty,command=\"x\" {line} alice@laptop\n");
        let allowed = parse_authorized_keys(&text).expect("parsed");
        let mut renamed = key.public_key().clone();
        renamed.set_comment("someone else");
        assert!(is_allowed(&allowed, &renamed));
        assert!(!is_allowed(&allowed, other.public_key()));
        assert!(parse_authorized_keys("ssh-ed25519 garbage\n").is_err());
        assert!(parse_authorized_keys("# nothing\n").is_err());
    }
}
