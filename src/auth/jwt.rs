use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::domain::UserId;

const ACCESS_TYPE: &str = "access";

/// The claims of an access token (see docs/API.md, "Tokens").
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    pub sub: String,
    pub sid: String,
    pub jti: String,
    pub iat: i64,
    pub exp: i64,
    pub typ: String,
}

impl AccessClaims {
    pub fn user_id(&self) -> Option<UserId> {
        self.sub.parse().ok()
    }
}

/// Signs and verifies access tokens with one pinned algorithm (HS256): a token that names any
/// other algorithm, `none` included, is refused before its signature is looked at.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl JwtKeys {
    pub fn new(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "sub", "iat"]);
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
        }
    }

    pub fn sign(
        &self,
        user: UserId,
        session_id: &str,
        jti: &str,
        iat: i64,
        exp: i64,
    ) -> anyhow::Result<String> {
        let claims = AccessClaims {
            sub: user.to_string(),
            sid: session_id.to_owned(),
            jti: jti.to_owned(),
            iat,
            exp,
            typ: ACCESS_TYPE.to_owned(),
        };
        Ok(jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?)
    }

    /// The claims of a genuine, unexpired access token; `None` for anything else.
    pub fn verify(&self, token: &str) -> Option<AccessClaims> {
        let data = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation).ok()?;
        let claims = data.claims;
        (claims.typ == ACCESS_TYPE && claims.user_id().is_some()).then_some(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn now() -> i64 {
        chrono::Utc::now().timestamp()
    }

    #[test]
    fn a_signed_token_verifies_with_its_claims() {
        let keys = JwtKeys::new(SECRET);
        let token = keys.sign(7, "s1", "j1", now(), now() + 60).unwrap();
        let claims = keys.verify(&token).unwrap();
        assert_eq!((claims.user_id(), claims.sid.as_str(), claims.jti.as_str()), (Some(7), "s1", "j1"));
    }

    #[test]
    fn expired_or_foreign_tokens_are_refused() {
        let keys = JwtKeys::new(SECRET);
        let expired = keys.sign(7, "s1", "j1", now() - 120, now() - 60).unwrap();
        assert!(keys.verify(&expired).is_none());
        let other = JwtKeys::new(b"another secret of at least 32 bytes!!");
        assert!(keys.verify(&other.sign(7, "s1", "j1", now(), now() + 60).unwrap()).is_none());
        assert!(keys.verify("not.a.jwt").is_none());
    }
}
