//! The Makefile and scripts/ as a developer runs them: whatever runs the built binary finds it where
//! cargo put it — `CARGO_TARGET_DIR`, `CARGO_BUILD_TARGET_DIR` or `.cargo/config`'s
//! `build.target-dir` — not always in ./target.

use std::path::Path;
use std::process::{Command, Output};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// `program args` in `cwd` with cargo's target-dir settings cleared, then `env` set.
fn run(program: &str, args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(program);
    command
        .args(args)
        .current_dir(cwd)
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET_DIR")
        // A surrounding `make test` must not lend this one its flags or job server.
        .env_remove("MAKEFLAGS")
        .env_remove("MFLAGS")
        .env_remove("MAKELEVEL");
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().unwrap_or_else(|e| panic!("{program} runs: {e}"));
    assert!(output.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    output
}

/// What `make -n target` would run (it prints the recipes and runs none of them).
fn make_dry_run(target: &str, env: &[(&str, &str)]) -> String {
    let output = run("make", &["-n", "--no-print-directory", target], Path::new(ROOT), env);
    String::from_utf8(output.stdout).unwrap()
}

fn target_dir(cwd: &Path, env: &[(&str, &str)]) -> String {
    let output = run(&format!("{ROOT}/scripts/target-dir.sh"), &[], cwd, env);
    String::from_utf8(output.stdout).unwrap().trim_end().to_owned()
}

#[test]
fn make_run_starts_the_binary_cargo_built() {
    let elsewhere = tempfile::tempdir().unwrap();
    let dir = elsewhere.path().to_str().unwrap();
    for target in ["run", "run-postgres"] {
        let recipes = make_dry_run(target, &[("CARGO_TARGET_DIR", dir)]);
        assert!(recipes.contains(&format!("{dir}/release/tasktracker\" serve")), "make {target}:\n{recipes}");
        assert!(!recipes.contains("./target/"), "make {target}:\n{recipes}");
        assert!(ui_built_before(&recipes, "build --release"), "make {target}:\n{recipes}");
    }
    let recipes = make_dry_run("web-check", &[("CARGO_BUILD_TARGET_DIR", dir)]);
    assert!(
        recipes.contains(&format!("TASKTRACKER_BIN=\"{dir}/debug/tasktracker\"")),
        "make web-check:\n{recipes}"
    );
}

#[test]
fn the_target_dir_is_the_one_cargo_builds_into() {
    let elsewhere = tempfile::tempdir().unwrap();
    let dir = elsewhere.path().to_str().unwrap();
    assert_eq!(target_dir(Path::new(ROOT), &[("CARGO_TARGET_DIR", dir)]), dir);
    assert_eq!(target_dir(Path::new(ROOT), &[("CARGO_BUILD_TARGET_DIR", dir)]), dir);
    // Relative to the repository, where every script and make target runs cargo, wherever the
    // script was started from.
    assert_eq!(target_dir(elsewhere.path(), &[("CARGO_TARGET_DIR", "out")]), format!("{ROOT}/out"));
}

#[test]
fn scripts_take_the_binary_from_where_cargo_built_it() {
    for script in ["scripts/e2e.sh", "scripts/bench.sh", "scripts/schemathesis.sh"] {
        let text = std::fs::read_to_string(Path::new(ROOT).join(script)).unwrap();
        assert!(text.contains("scripts/target-dir.sh"), "{script} asks scripts/target-dir.sh");
        for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
            let guess = line.replace("scripts/target-dir.sh", "");
            assert!(!guess.contains("target/") && !guess.contains("/target"), "{script} guesses: {line}");
        }
    }
    for bench in [
        "benches/soak.rs",
        "benches/reminder_latency.rs",
        "benches/reminder_catchup.rs",
        "benches/project_lists.rs",
        "benches/event_streams.rs",
        "benches/common/mod.rs",
    ] {
        let text = std::fs::read_to_string(Path::new(ROOT).join(bench)).unwrap();
        assert!(!text.contains("target/"), "{bench} guesses where the binary is");
    }
}

/// Whether `recipes` build the web UI before running `cargo`'s `step`: the binary embeds the UI
/// as it is when cargo builds it.
fn ui_built_before(recipes: &str, step: &str) -> bool {
    match (recipes.find("npm run build"), recipes.find(step)) {
        (Some(ui), Some(cargo)) => ui < cargo,
        _ => false,
    }
}

#[test]
fn the_tests_run_on_a_binary_that_embeds_the_built_ui() {
    for target in ["test-postgres", "test-sqlite"] {
        let recipes = make_dry_run(target, &[]);
        assert!(ui_built_before(&recipes, "cargo test"), "make {target}:\n{recipes}");
    }
}
