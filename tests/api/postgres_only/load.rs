//! Steady traffic from a few clients, recording every answer, for outage stories.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;
use tokio::task::JoinSet;

pub struct Load {
    running: Arc<AtomicBool>,
    clients: JoinSet<Vec<(u16, Duration)>>,
}

impl Load {
    /// `clients` loops of "list tasks, create a task" with `access`, until `stop`.
    pub fn start(api: String, access: String, clients: usize) -> Self {
        let running = Arc::new(AtomicBool::new(true));
        let mut set = JoinSet::new();
        for _ in 0..clients {
            let (api, access, running) = (api.clone(), access.clone(), running.clone());
            set.spawn(async move {
                let client = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().unwrap();
                let mut answers = Vec::new();
                while running.load(Ordering::Relaxed) {
                    let started = Instant::now();
                    let list = client.get(format!("{api}/tasks?limit=5")).bearer_auth(&access).send().await;
                    answers.push((list.map_or(0, |r| r.status().as_u16()), started.elapsed()));
                    let started = Instant::now();
                    let body = json!({"title": "under load"});
                    let create =
                        client.post(format!("{api}/tasks")).bearer_auth(&access).json(&body).send().await;
                    answers.push((create.map_or(0, |r| r.status().as_u16()), started.elapsed()));
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                answers
            });
        }
        Self { running, clients: set }
    }

    /// Stops the clients; every answer they got, as (status, latency); status 0 is no answer.
    pub async fn stop(self) -> Vec<(u16, Duration)> {
        self.running.store(false, Ordering::Relaxed);
        self.clients.join_all().await.into_iter().flatten().collect()
    }
}

/// Asserts that under an outage every answer was a success or a 503, none slower than `limit`,
/// and that the outage was seen at all.
pub fn assert_only_successes_and_503s(answers: &[(u16, Duration)], limit: Duration) {
    let unexpected: Vec<_> = answers.iter().filter(|(s, _)| ![200, 201, 503].contains(s)).collect();
    assert!(unexpected.is_empty(), "answers other than 200/201/503: {unexpected:?}");
    let slowest = answers.iter().map(|(_, d)| *d).max().unwrap_or_default();
    assert!(slowest < limit, "an answer took {slowest:?}");
    assert!(answers.iter().any(|(s, _)| *s == 503), "the outage was never seen");
    assert!(answers.iter().any(|(s, _)| *s == 200), "no request ever succeeded");
}
