//! `--name value` flags, without a dependency.

use std::collections::HashMap;
use std::str::FromStr;

use anyhow::{Context, anyhow};

pub struct Args {
    values: HashMap<String, Vec<String>>,
}

impl Args {
    pub fn parse(raw: impl Iterator<Item = String>) -> anyhow::Result<Self> {
        let mut values: HashMap<String, Vec<String>> = HashMap::new();
        let mut raw = raw.peekable();
        while let Some(arg) = raw.next() {
            let name = arg.strip_prefix("--").ok_or_else(|| anyhow!("expected --flag, got {arg:?}"))?;
            let value = match raw.peek() {
                Some(next) if !next.starts_with("--") => raw.next().expect("peeked"),
                _ => "true".to_owned(),
            };
            values.entry(name.to_owned()).or_default().push(value);
        }
        Ok(Self { values })
    }

    pub fn opt(&self, name: &str) -> Option<&str> {
        self.values.get(name).and_then(|v| v.last()).map(String::as_str)
    }

    pub fn req(&self, name: &str) -> anyhow::Result<&str> {
        self.opt(name).ok_or_else(|| anyhow!("--{name} is required"))
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.values.get(name).map(|v| v.iter().map(String::as_str).collect()).unwrap_or_default()
    }

    pub fn num<T: FromStr>(&self, name: &str, default: T) -> anyhow::Result<T>
    where
        T::Err: std::error::Error + Send + Sync + 'static,
    {
        match self.opt(name) {
            Some(v) => v.parse().with_context(|| format!("--{name} {v:?}")),
            None => Ok(default),
        }
    }
}
