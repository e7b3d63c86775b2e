//! Checking an import document: every value through the parser the API uses for it, every error
//! named by its path in the document (`projects[1].tasks[3].title`), before anything is written.

use serde_json::Value;

use super::document::{self, DocProject, DocTask, Document};
use crate::domain::time::Timestamp;
use crate::domain::{
    Color, Completion, FieldErrors, Labels, Priority, ProjectName, Recurrence, Reminder, ReminderTime, Task,
    TaskDescription, TaskTitle, TimeZone,
};
use crate::error::{Error, Result};
use crate::store::{ImportedProject, ImportedTask};

/// More would only make the answer long: the document is refused either way.
const MAX_REPORTED: usize = 50;

/// The document's projects, checked; or a 400 (not JSON) or 422 naming what is wrong.
pub fn check(body: &[u8]) -> Result<Vec<ImportedProject>> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let document: Document = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            return Error::BadRequest("the document is not valid JSON".into());
        }
        let message = inner.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message);
        match message.strip_prefix("missing field `").and_then(|m| m.strip_suffix('`')) {
            Some(field) if path == "." => Error::field(field, "is required"),
            Some(field) => Error::field(&format!("{path}.{field}"), "is required"),
            None => Error::field(&path, message),
        }
    })?;
    deserializer.end().map_err(|_| Error::BadRequest("the document is not valid JSON".into()))?;
    let mut errors = Errors::default();
    if document.format != document::FORMAT {
        errors.add("format", format!("must be {:?}", document::FORMAT));
    }
    if document.version != document::VERSION {
        errors.add(
            "version",
            format!(
                "must be {}: this server reads version {} documents",
                document::VERSION,
                document::VERSION
            ),
        );
    }
    if !errors.0.is_empty() {
        return Err(Error::Validation(errors.0));
    }
    if document.projects.iter().filter(|p| p.inbox).count() > 1 {
        errors.add("projects", "only one project can be the inbox".into());
    }
    let projects: Vec<ImportedProject> = document
        .projects
        .into_iter()
        .enumerate()
        .filter_map(|(n, project)| check_project(&format!("projects[{n}]"), project, &mut errors))
        .collect();
    match errors.0.is_empty() {
        true => Ok(projects),
        false => Err(Error::Validation(errors.0)),
    }
}

#[derive(Default)]
struct Errors(FieldErrors);

impl Errors {
    fn add(&mut self, path: &str, message: String) {
        if self.0.len() < MAX_REPORTED {
            self.0.insert(path.to_owned(), message);
        }
    }

    /// The parsed value, or `None` with the error noted at `path`.
    fn check<T, M: std::fmt::Display>(&mut self, path: &str, result: Result<T, M>) -> Option<T> {
        result.map_err(|message| self.add(path, message.to_string())).ok()
    }
}

fn check_project(path: &str, project: DocProject, errors: &mut Errors) -> Option<ImportedProject> {
    let name = errors.check(&format!("{path}.name"), ProjectName::parse(&project.name));
    let color = match &project.color {
        Some(color) => errors.check(&format!("{path}.color"), Color::parse(color)).map(Some),
        None => Some(None),
    };
    let tasks: Vec<Option<ImportedTask>> = project
        .tasks
        .into_iter()
        .enumerate()
        .map(|(n, task)| check_task(&format!("{path}.tasks[{n}]"), task, errors))
        .collect();
    Some(ImportedProject {
        name: name?,
        color: color?,
        inbox: project.inbox,
        tasks: tasks.into_iter().collect::<Option<_>>()?,
    })
}

fn check_task(path: &str, doc: DocTask, errors: &mut Errors) -> Option<ImportedTask> {
    let at = |field: &str| format!("{path}.{field}");
    let instant = |errors: &mut Errors, field: &str, raw: &Option<String>| -> Option<Option<Timestamp>> {
        match raw {
            Some(raw) => errors.check(&at(field), document::instant(raw)).map(Some),
            None => Some(None),
        }
    };
    let title = errors.check(&at("title"), TaskTitle::parse(&doc.title));
    let description = match doc.description {
        Some(d) => {
            errors.check(&at("description"), TaskDescription::parse(d)).map(|d| Some(d.as_str().to_owned()))
        }
        None => Some(None),
    };
    let due_date = instant(errors, "due_date", &doc.due_date);
    let completed_at = instant(errors, "completed_at", &doc.completed_at);
    let series_start = instant(errors, "series_start", &doc.series_start);
    let created_at = errors.check(&at("created_at"), document::instant(&doc.created_at));
    let updated_at = errors.check(&at("updated_at"), document::instant(&doc.updated_at));
    let priority = errors.check(&at("priority"), Priority::parse(&doc.priority));
    let labels = errors.check(&at("labels"), Labels::parse(doc.labels));
    let time_zone = errors.check(&at("time_zone"), TimeZone::parse(&doc.time_zone));
    let recurrence = match &doc.recurrence {
        Some(rule) => errors.check(&at("recurrence"), Recurrence::parse(rule)).map(Some),
        None => Some(None),
    };
    let (due_date, completed_at, series_start, created_at, updated_at) =
        (due_date?, completed_at?, series_start?, created_at?, updated_at?);
    let (time_zone, recurrence) = (time_zone?, recurrence?);
    // The same rules as the API's: a series needs a due date and must be able to occur.
    let series_anchor = match (&recurrence, due_date) {
        (Some(_), None) => {
            errors.add(&at("recurrence"), "needs a due date: the due date is the first occurrence".into());
            return None;
        }
        (Some(rule), Some(due)) => {
            let anchor = series_start.unwrap_or(due);
            errors.check(&at("recurrence"), rule.series(anchor, time_zone).map(drop))?;
            Some(anchor)
        }
        (None, _) => None,
    };
    let completed_at = match (doc.completed, completed_at) {
        (true, None) => {
            errors.add(&at("completed_at"), "is required for a completed task".into());
            return None;
        }
        (true, done) => done,
        (false, _) => None,
    };
    let reminders = check_reminders(&at("reminders"), doc.reminders, due_date, doc.completed, errors);
    let completions: Vec<Option<Completion>> = doc
        .completions
        .iter()
        .enumerate()
        .map(|(n, c)| {
            let path = format!("{path}.completions[{n}]");
            let due_date = match &c.due_date {
                Some(raw) => Some(errors.check(&format!("{path}.due_date"), document::instant(raw))?),
                None => None,
            };
            let completed_at =
                errors.check(&format!("{path}.completed_at"), document::instant(&c.completed_at))?;
            Some(Completion { id: 0, due_date, completed_at, completed_by: None })
        })
        .collect();
    let task = Task {
        id: 0,
        project_id: 0,
        title: title?.as_str().to_owned(),
        description: description?,
        due_date,
        completed: doc.completed,
        completed_at,
        priority: priority?,
        labels: labels?,
        assignee_id: None,
        created_by: None,
        time_zone,
        recurrence,
        series_anchor,
        reminders: reminders?,
        version: 1,
        created_at,
        updated_at,
    };
    Some(ImportedTask { task, completions: completions.into_iter().collect::<Option<_>>()? })
}

/// The reminders as `ReminderTime::parse_set` reads the API's, each with its `sent_at`: a sent
/// one stays sent (it does not fire again), one still to fire is armed as a new one would be.
fn check_reminders(
    path: &str,
    entries: Vec<Value>,
    due: Option<Timestamp>,
    completed: bool,
    errors: &mut Errors,
) -> Option<Vec<Reminder>> {
    let mut sent = Vec::with_capacity(entries.len());
    let mut written = Vec::with_capacity(entries.len());
    for (n, mut entry) in entries.into_iter().enumerate() {
        let sent_at = match entry.as_object_mut().and_then(|e| e.remove("sent_at")) {
            None | Some(Value::Null) => None,
            Some(Value::String(raw)) => {
                Some(errors.check(&format!("{path}[{n}].sent_at"), document::instant(&raw))?)
            }
            Some(_) => {
                errors.add(&format!("{path}[{n}].sent_at"), "must be an RFC 3339 time or null".into());
                return None;
            }
        };
        sent.push(sent_at);
        written.push(entry);
    }
    let times = errors.check(path, ReminderTime::parse_set(Value::Array(written)))?;
    let mut reminders = Vec::with_capacity(times.len());
    for (time, sent_at) in times.into_iter().zip(sent) {
        let Some(reminder) = Reminder::new(time, due, completed) else {
            errors.add(path, "a reminder before the due date needs a due date".into());
            return None;
        };
        reminders.push(Reminder { sent_at, armed: reminder.armed && sent_at.is_none(), ..reminder });
    }
    reminders.sort_by_key(|r| r.fires_at);
    Some(reminders)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn task(title: &str) -> Value {
        json!({"title": title, "priority": "high", "time_zone": "Europe/Berlin",
               "created_at": "2026-12-01T09:00:00Z", "updated_at": "2026-12-01T09:00:00Z",
               "due_date": "2026-12-02T09:00:00Z", "recurrence": "FREQ=WEEKLY",
               "reminders": [{"before_due_minutes": 60, "sent_at": null}, {"at": "2026-12-02T07:00:00Z", "sent_at": "2026-12-02T07:00:01Z"}]})
    }

    fn document(projects: Value) -> Vec<u8> {
        serde_json::to_vec(&json!({"format": "tasktracker-export", "version": 1, "projects": projects}))
            .unwrap()
    }

    fn fields(result: Result<Vec<ImportedProject>>) -> Vec<String> {
        match result {
            Err(Error::Validation(fields)) => fields.into_keys().collect(),
            other => panic!("expected a 422, got {other:?}"),
        }
    }

    #[test]
    fn a_good_document_checks_with_its_reminders_sent_state() {
        let projects =
            check(&document(json!([{"name": "Inbox", "inbox": true, "tasks": [task("A")]}]))).unwrap();
        let reminders = &projects[0].tasks[0].task.reminders;
        assert_eq!(reminders.len(), 2);
        assert!(reminders.iter().any(|r| r.sent_at.is_some() && !r.armed));
        assert!(reminders.iter().any(|r| r.sent_at.is_none() && r.armed));
    }

    #[test]
    fn each_bad_value_is_named_by_its_path() {
        let mut bad = task("   ");
        bad["priority"] = json!("critical");
        let doc = document(
            json!([{"name": "A", "tasks": [task("ok")]}, {"name": "B", "tasks": [task("ok"), task("ok"), task("ok"), bad]}]),
        );
        assert_eq!(fields(check(&doc)), ["projects[1].tasks[3].priority", "projects[1].tasks[3].title"]);
        let mut bad = task("x");
        bad["recurrence"] = json!("FREQ=HOURLY");
        bad["time_zone"] = json!("Mars/Olympus");
        assert_eq!(
            fields(check(&document(json!([{"name": "A", "tasks": [bad]}])))),
            ["projects[0].tasks[0].recurrence", "projects[0].tasks[0].time_zone"]
        );
        let mut bad = task("x");
        bad["reminders"] = json!((0..11).map(|n| json!({"before_due_minutes": n})).collect::<Vec<_>>());
        assert_eq!(
            fields(check(&document(json!([{"name": "A", "tasks": [bad]}])))),
            ["projects[0].tasks[0].reminders"]
        );
        let mut bad = task("x");
        bad["title"] = json!(5);
        assert_eq!(
            fields(check(&document(json!([{"name": "A", "tasks": [bad]}])))),
            ["projects[0].tasks[0].title"]
        );
    }

    #[test]
    fn the_format_and_version_must_be_ours() {
        let doc = serde_json::to_vec(&json!({"format": "other", "version": 2, "projects": []})).unwrap();
        assert_eq!(fields(check(&doc)), ["format", "version"]);
        assert!(matches!(check(b"{not json"), Err(Error::BadRequest(_))));
    }
}
