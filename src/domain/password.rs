use std::fmt;

/// A new password that bcrypt can hash without truncating it: 8 to 72 **bytes**.
///
/// Its `Debug` never shows the secret, so it cannot leak through a log line.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    pub const MIN_BYTES: usize = 8;
    /// bcrypt ignores everything past 72 bytes; refusing is honest, truncating is not.
    pub const MAX_BYTES: usize = 72;

    pub fn parse(input: String) -> Result<Self, &'static str> {
        match input.len() {
            n if n < Self::MIN_BYTES => Err("must be at least 8 bytes"),
            n if n > Self::MAX_BYTES => Err("must be at most 72 bytes"),
            _ => Ok(Self(input)),
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::Password;

    #[test]
    fn length_is_counted_in_bytes() {
        assert!(Password::parse("1234567".into()).is_err());
        assert!(Password::parse("12345678".into()).is_ok());
        assert!(Password::parse("x".repeat(72)).is_ok());
        assert!(Password::parse("x".repeat(73)).is_err());
        // 25 three-byte characters are 75 bytes: too long for bcrypt although only 25 characters.
        assert!(Password::parse("€".repeat(25)).is_err());
        assert!(Password::parse("€".repeat(24)).is_ok());
    }

    #[test]
    fn debug_hides_the_secret() {
        let password = Password::parse("hunter2hunter2".into()).unwrap();
        assert!(!format!("{password:?}").contains("hunter2"));
    }
}
