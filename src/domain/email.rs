use std::fmt;

/// A syntactically valid email address, trimmed and lower-cased, so equality is the
/// case-insensitive comparison the contract asks for.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    const MAX_LEN: usize = 254;

    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let normalised = input.trim().to_lowercase();
        if normalised.is_empty() {
            return Err("must not be empty");
        }
        if normalised.len() > Self::MAX_LEN {
            return Err("must be at most 254 characters");
        }
        if !email_address::EmailAddress::is_valid(&normalised) || !normalised.contains('.') {
            return Err("not a valid email");
        }
        Ok(Self(normalised))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Email").field(&self.0).finish()
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Email;

    #[test]
    fn trims_and_lower_cases() {
        let email = Email::parse("  Alice@Example.COM ").unwrap();
        assert_eq!(email.as_str(), "alice@example.com");
        assert_eq!(email, Email::parse("alice@example.com").unwrap());
    }

    #[test]
    fn rejects_what_is_not_an_address() {
        for bad in ["", "   ", "alice", "alice@", "@example.com", "a b@example.com", "alice@localhost"] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn rejects_overlong_addresses() {
        let long = format!("{}@example.com", "a".repeat(250));
        assert!(Email::parse(&long).is_err());
    }
}
