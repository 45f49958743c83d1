//! Anonymous player tokens: random UUIDs given once, stored only as hashes.

use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The raw `Authorization` header's bearer token, as the request carried it.
#[derive(Debug, Clone, Default)]
pub struct BearerToken(pub Option<String>);

impl BearerToken {
    /// Reads `Authorization: Bearer <token>`; anything else counts as no token.
    pub fn from_header(value: Option<&str>) -> BearerToken {
        let token = value
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(|token| token.trim().to_owned())
            .filter(|token| !token.is_empty());
        BearerToken(token)
    }
}

/// A fresh player token: a random (v4) UUID.
pub fn new_token() -> Uuid {
    Uuid::new_v4()
}

/// The hash under which a token is stored and looked up.
pub fn token_hash(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

/// Hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}
