//! One collector of field errors for every handler that validates a body, so that one 422 names
//! every bad field at once.

use crate::domain::FieldErrors;
use crate::error::{Error, Result};

#[derive(Default)]
pub struct Fields {
    errors: FieldErrors,
}

impl Fields {
    /// The parsed value, or `None` with the field's message noted.
    pub fn check<T, M: std::fmt::Display>(&mut self, field: &str, result: Result<T, M>) -> Option<T> {
        result.map_err(|message| self.refuse(field, &message.to_string())).ok()
    }

    pub fn refuse(&mut self, field: &str, message: &str) {
        self.errors.insert(field.to_owned(), message.to_owned());
    }

    /// A field that may not be `null`: absent stays `None`.
    pub fn required<T, U, M: std::fmt::Display>(
        &mut self,
        field: &str,
        value: Option<Option<T>>,
        parse: impl FnOnce(T) -> Result<U, M>,
    ) -> Option<U> {
        match value? {
            Some(value) => self.check(field, parse(value)),
            None => self.check(field, Err::<U, _>("must not be null")),
        }
    }

    /// A clearable field: absent is `None`, `null` is `Some(None)`.
    pub fn clearable<T, U, M: std::fmt::Display>(
        &mut self,
        field: &str,
        value: Option<Option<T>>,
        parse: impl FnOnce(T) -> Result<U, M>,
    ) -> Option<Option<U>> {
        match value? {
            Some(value) => self.check(field, parse(value)).map(Some),
            None => Some(None),
        }
    }

    /// `value` when no field was refused, else the 422 naming every refused field.
    pub fn finish<T>(self, value: Option<T>) -> Result<T> {
        match value {
            Some(value) if self.errors.is_empty() => Ok(value),
            _ => Err(Error::Validation(self.errors)),
        }
    }
}
