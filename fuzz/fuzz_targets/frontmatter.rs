//! Bytes → decode → split at `---` → YAML (and the same text as site.yaml): no panic, no hang,
//! every error located inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let lines = data.iter().filter(|b| **b == b'\n' || **b == b'\r').count() + 2;
    let text = match gongkai::content::decode(data) {
        Ok(t) => t,
        Err((line, _)) => {
            assert!(line >= 1 && line <= lines);
            return;
        }
    };
    if let Ok(split) = gongkai::frontmatter::split(&text)
        && let Err(e) = gongkai::frontmatter::parse(split.yaml, split.yaml_line)
    {
        assert!(e.line >= split.yaml_line && e.line <= lines, "{e:?}");
    }
    if let Err(diags) = gongkai::config::parse(&text) {
        for d in diags {
            assert!(d.line.is_none_or(|l| l >= 1 && l <= lines), "{d}");
        }
    }
});
