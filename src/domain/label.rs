//! Task labels: short names that compare case-insensitively everywhere.

/// A task's labels: 0 to 20, each 1 to 50 characters after trimming, in the order written; a label
/// equal to an earlier one but for case is folded into it (the first spelling stays).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Labels(Vec<String>);

impl Labels {
    pub const MAX: usize = 20;
    pub const MAX_CHARS: usize = 50;

    pub fn parse(input: Vec<String>) -> Result<Self, String> {
        let mut labels: Vec<String> = Vec::new();
        for (n, raw) in input.into_iter().enumerate() {
            let label = raw.trim();
            match label.chars().count() {
                0 => return Err(format!("label {}: must not be empty", n + 1)),
                c if c > Self::MAX_CHARS => {
                    return Err(format!("label {}: must be at most 50 characters", n + 1));
                }
                _ => {}
            }
            if !labels.iter().any(|l| fold(l) == fold(label)) {
                labels.push(label.to_owned());
            }
        }
        if labels.len() > Self::MAX {
            return Err(format!("at most {} labels per task", Self::MAX));
        }
        Ok(Self(labels))
    }

    /// Labels as stored (already parsed once).
    pub fn from_stored(labels: Vec<String>) -> Self {
        Self(labels)
    }

    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    /// Each label as it is compared: lower-cased.
    pub fn folded(&self) -> Vec<String> {
        self.0.iter().map(|l| fold(l)).collect()
    }
}

/// How labels compare: by their lower-case form.
pub fn fold(label: &str) -> String {
    label.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(labels: &[&str]) -> Result<Labels, String> {
        Labels::parse(labels.iter().map(|l| l.to_string()).collect())
    }

    #[test]
    fn labels_are_trimmed_folded_to_the_first_spelling_and_bounded_after_folding() {
        assert_eq!(parse(&[" Work ", "home", "WORK", "Home"]).unwrap().as_slice(), ["Work", "home"]);
        assert!(parse(&[" "]).is_err());
        assert!(parse(&[&"x".repeat(51)]).is_err());
        let twenty_one: Vec<String> = (0..21).map(|n| format!("l{n}")).collect();
        assert!(Labels::parse(twenty_one.clone()).is_err());
        let folded_to_twenty: Vec<String> =
            twenty_one[..20].iter().cloned().chain(["L0".to_string()]).collect();
        assert_eq!(Labels::parse(folded_to_twenty).unwrap().as_slice().len(), 20);
        assert_eq!(parse(&["Ünïcode", "ÜNÏCODE"]).unwrap().folded(), ["ünïcode"]);
    }
}
