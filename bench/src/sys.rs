//! What /proc says about a process: CPU time and peak resident memory.

use std::time::Duration;

/// utime + stime of `pid` ("self" for this process). /proc counts in USER_HZ, 100 on Linux.
pub fn cpu_time(pid: &str) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may contain spaces; the fields after its closing parenthesis do not.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    // After the name: state is field 3 of the man page, utime 14 and stime 15.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 10))
}

/// A field of /proc/<pid>/status in kB, e.g. "VmHWM" (peak RSS) or "VmRSS".
pub fn status_kb(pid: &str, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field) && l[field.len()..].starts_with(':'))?;
    line[field.len() + 1..].trim().trim_end_matches("kB").trim().parse().ok()
}

/// Resets VmHWM to the current RSS (Linux ≥ 4.0), so the next reading is this window's peak.
pub fn reset_peak_rss(pid: &str) -> bool {
    std::fs::write(format!("/proc/{pid}/clear_refs"), "5").is_ok()
}

/// Jiffies of the whole machine (all cores), from the first line of /proc/stat.
#[derive(Clone, Copy)]
pub struct Machine {
    pub busy: u64,
    pub total: u64,
    /// Interrupt and softirq time: mostly the loopback network stack, which no process is charged for.
    pub irq: u64,
}

pub fn machine_jiffies() -> Option<Machine> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let line = stat.lines().next()?.strip_prefix("cpu ")?;
    let v: Vec<u64> = line.split_whitespace().filter_map(|x| x.parse().ok()).collect();
    // user nice system idle iowait irq softirq steal
    let idle = v.get(3)? + v.get(4).unwrap_or(&0);
    let total: u64 = v.iter().take(8).sum();
    Some(Machine { busy: total - idle, total, irq: v.get(5).unwrap_or(&0) + v.get(6).unwrap_or(&0) })
}

/// CPU time of every process whose command name is one of `names` (e.g. the databases).
pub fn cpu_time_of(names: &[&str]) -> Duration {
    let mut total = Duration::ZERO;
    let Ok(dir) = std::fs::read_dir("/proc") else { return total };
    for entry in dir.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().filter(|s| s.bytes().all(|b| b.is_ascii_digit())) else { continue };
        let Ok(comm) = std::fs::read_to_string(format!("/proc/{pid}/comm")) else { continue };
        if names.contains(&comm.trim_end()) {
            total += cpu_time(pid).unwrap_or_default();
        }
    }
    total
}
