//! `gongkai new-body <name> --kind 部门|镇街 --path bm/jtj`: add a disclosure body's section
//! (SPEC §7) to an existing site in one command — the unit in site.yaml (or `body:`/`path:` on
//! an existing unit), `sections.<kind>` if the site has none for that kind, and starter
//! documents for the four statutory entries, so the site builds and passes `gongkai check`.

use std::path::{Path, PathBuf};

use crate::config::{self, BodyKind};
use crate::dates::Date;

use super::edit::write_atomic;

/// Why `new-body` did nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyError(pub String);

/// The columns a new kind gets when site.yaml has no `sections.<kind>` yet.
const SECTION: &[(&str, &str, &str)] = &[
    ("zfxxgkzn", "政府信息公开指南", "none"),
    ("zfxxgkzd", "政府信息公开制度", "none"),
    ("fdzdgknr", "法定主动公开内容", "none"),
    ("fdzdgknr/jgzn", "机构职能", "planning"),
    ("zfxxgknb", "政府信息公开年报", "planning"),
];

/// Starter documents: (folder title it goes in, file name, text). `{N}` = body name,
/// `{D}` = today, `{P}` = last year, `{R}` = the report's content path.
const DOCS: &[(&str, &str, &str)] = &[
    (
        "政府信息公开指南",
        "{Y}-zfxxgkzn.md",
        "---
title: {N}政府信息公开指南
disclosure: 主动公开
issuer: {N}
date: {D}
topics: [政务公开, 依申请公开]
summary: {N}主动公开的范围和方式，依申请公开的受理机构、申请方式和办理时限。
---

## 一、主动公开

本机关主动公开的政府信息，通过本网站“{N}”信息公开栏目发布，自信息形成或者变更之日起20个工作日内予以公开（《中华人民共和国政府信息公开条例》第二十六条）。

## 二、依申请公开

公民、法人或者其他组织可以向本机关申请获取相关政府信息。本机关收到申请，能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内予以答复（条例第三十三条）。

受理机构、地址、电话和办公时间见本栏目首页的联系方式。

## 三、监督和救济

申请人认为本机关在政府信息公开工作中侵犯其合法权益的，可以依法申请行政复议或者提起行政诉讼。
",
    ),
    (
        "政府信息公开制度",
        "{Y}-gkzd.md",
        "---
title: {N}政府信息公开工作制度
disclosure: 主动公开
issuer: {N}
date: {D}
topics: [政务公开]
---

为规范本机关政府信息公开工作，根据《中华人民共和国政府信息公开条例》，建立公文公开属性源头认定、公开前保密审查、依申请公开登记办理和年度报告等制度。
",
    ),
    (
        "机构职能",
        "{Y}-jgzn.md",
        "---
title: {N}机构职能
disclosure: 主动公开
issuer: {N}
date: {D}
topics: [机构职能]
---

## 一、主要职责

（请按本机关“三定”规定填写主要职责。）

## 二、内设机构

（请填写内设机构及其职责。）
",
    ),
    (
        "政府信息公开年报",
        "{Y}-nb{P}.md",
        "---
title: {N}{P}年政府信息公开工作年度报告
disclosure: 主动公开
issuer: {N}
date: {D}
kind: 年度报告
interpretation: {R}-jd.md
topics: [政务公开, 年度报告]
---

本报告根据《中华人民共和国政府信息公开条例》第五十条编制，所列数据统计期限自{P}年1月1日起至{P}年12月31日止。

## 一、总体情况

## 二、主动公开政府信息情况

## 三、收到和处理政府信息公开申请情况

## 四、政府信息公开行政复议、行政诉讼情况

## 五、存在的主要问题及改进情况

## 六、其他需要报告的事项
",
    ),
    (
        "政府信息公开年报",
        "{Y}-nb{P}-jd.md",
        "---
title: 一图读懂{N}{P}年政府信息公开工作年度报告
disclosure: 主动公开
issuer: {N}
date: {D}
kind: 政策解读
interprets: {R}.md
topics: [政务公开, 年度报告]
---

{P}年，本机关依法主动公开政府信息，办理政府信息公开申请，加强政府信息管理。
",
    ),
];

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Add body `name` of `kind` with section folder `path` to the site at `root`. Returns the
/// files written (relative to `root`).
pub fn new_body(
    root: &Path,
    name: &str,
    kind: &str,
    path: &str,
    today: Date,
) -> Result<Vec<PathBuf>, BodyError> {
    let err = |m: String| BodyError(m);
    let kind = match BodyKind::from_cn(kind) {
        Some(BodyKind::Government) | None => {
            return Err(err(t!(
                "`--kind {kind}`：只能是 部门 或 镇街（本级政府的栏目就是站点根目录）",
                "`--kind {kind}`: must be 部门 or 镇街 (the 本级政府's section is the site root)"
            )));
        }
        Some(k) => k,
    };
    let cfg = config::load(root).map_err(|d| {
        err(t!(
            "site.yaml 有错误，请先改正：{msg}",
            "site.yaml has errors; fix them first: {msg}",
            msg = d[0].to_string()
        ))
    })?;
    if cfg.bodies.iter().any(|b| b.name == name) {
        return Err(err(t!(
            "`{name}` 已经是公开主体",
            "`{name}` is a disclosure body already"
        )));
    }
    let site_yaml = root.join("site.yaml");
    let text = std::fs::read_to_string(&site_yaml).map_err(|e| err(format!("site.yaml: {e}")))?;
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let any_body = cfg.units.iter().any(|u| u.body.is_some());
    let existing = cfg
        .units
        .iter()
        .position(|u| u.name == name || u.aliases.iter().any(|a| a == name));
    let first = cfg
        .units
        .first()
        .map(|u| u.line)
        .ok_or_else(|| err(t!("site.yaml 没有 `units`", "site.yaml has no `units`")))?;
    let dash_line = &lines[first - 1];
    if !dash_line.trim_start().starts_with("- name:") {
        return Err(err(t!(
            "site.yaml 第 {first} 行：请把单位写成 `- name: …` 的多行形式，new-body 才能修改它",
            "site.yaml line {first}: write units as `- name: …` blocks so new-body can edit them"
        )));
    }
    let pad = " ".repeat(indent(dash_line));
    let key_pad = format!("{pad}  ");
    // Edits by line, applied bottom-up so earlier line numbers stay valid.
    let mut inserts: Vec<(usize, Vec<String>)> = Vec::new();
    let body_lines = |kind: BodyKind| {
        vec![
            format!("{key_pad}body: {}", kind.cn()),
            format!("{key_pad}path: {path}"),
        ]
    };
    match existing {
        Some(u) => {
            let l = cfg.units[u].line;
            if !lines[l - 1].trim_start().starts_with("- name:") {
                return Err(err(t!(
                    "site.yaml 第 {l} 行：请把单位写成 `- name: …` 的多行形式",
                    "site.yaml line {l}: write the unit as a `- name: …` block"
                )));
            }
            inserts.push((l, body_lines(kind)));
        }
        None => {
            let mut v = vec![format!("{pad}- name: {name}")];
            v.extend(body_lines(kind));
            inserts.push((first - 1, v));
        }
    }
    // A site without bodies so far: its organization becomes the 本级政府.
    if !any_body {
        let org = &cfg.organization;
        match cfg
            .units
            .iter()
            .position(|u| &u.name == org || u.aliases.iter().any(|a| a == org))
        {
            Some(u) => inserts.push((cfg.units[u].line, vec![format!("{key_pad}body: 本级政府")])),
            None => inserts.push((
                first - 1,
                vec![
                    format!("{pad}- name: {org}"),
                    format!("{key_pad}body: 本级政府"),
                ],
            )),
        }
    }
    inserts.sort_by_key(|(l, _)| std::cmp::Reverse(*l));
    for (at, v) in inserts {
        for (k, l) in v.into_iter().enumerate() {
            lines.insert(at + k, l);
        }
    }
    // `sections.<kind>` when the site has none for this kind.
    let has_section = cfg.bodies.iter().any(|b| b.kind == kind)
        || text
            .lines()
            .any(|l| l.trim_start().starts_with(&format!("{}:", kind.cn())));
    if !has_section {
        let at = lines.iter().position(|l| l.starts_with("sections:"));
        let mut block = vec![format!("  {}:", kind.cn())];
        for (p, t, f) in SECTION {
            block.push(format!("    - {{path: {p}, title: {t}, freshness: {f}}}"));
        }
        match at {
            Some(i) => {
                for (k, l) in block.into_iter().enumerate() {
                    lines.insert(i + 1 + k, l);
                }
            }
            None => {
                lines.push(String::new());
                lines.push(t!(
                    "# 部门、镇街的栏目（路径相对于各自的 path）",
                    "# The columns of every 部门/镇街, relative to its path"
                ));
                lines.push("sections:".into());
                lines.extend(block);
            }
        }
    }
    let mut new_text = lines.join("\n");
    new_text.push('\n');
    // Validate before writing anything.
    let new_cfg = config::parse(&new_text).map_err(|d| {
        err(t!(
            "无法添加：{msg}",
            "cannot add it: {msg}",
            msg = d
                .iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ))
    })?;
    let b = new_cfg
        .bodies
        .iter()
        .find(|b| b.name == name || (existing.is_some() && b.path == path))
        .ok_or_else(|| err("internal error: body not found after edit".into()))?;
    let fill = |t: &str, report: &str| {
        t.replace("{N}", &b.name)
            .replace("{D}", &today.to_string())
            .replace("{Y}", &today.year.to_string())
            .replace("{P}", &(today.year - 1).to_string())
            .replace("{R}", report)
    };
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let mut report = String::new();
    for (title, file, text) in DOCS {
        let Some(col) = b
            .columns
            .iter()
            .map(|&c| &new_cfg.columns[c])
            .find(|c| c.title == *title)
        else {
            continue;
        };
        let rel = format!("{}/{}", col.path, fill(file, ""));
        if *file == "{Y}-nb{P}.md" {
            report = rel.trim_end_matches(".md").to_string();
        }
        files.push((PathBuf::from("content").join(&rel), text.to_string()));
    }
    for (rel, _) in &files {
        if root.join(rel).exists() {
            return Err(err(t!(
                "{p} 已存在；new-body 不覆盖已有文件",
                "{p} exists; new-body never overwrites a file",
                p = rel.display()
            )));
        }
    }
    let io = |p: &Path, e: std::io::Error| err(format!("{}: {e}", p.display()));
    write_atomic(&site_yaml, new_text.as_bytes()).map_err(|e| io(&site_yaml, e))?;
    let mut written = vec![PathBuf::from("site.yaml")];
    for (rel, text) in files {
        let p = root.join(&rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        std::fs::write(&p, fill(&text, &report)).map_err(|e| io(&p, e))?;
        written.push(rel);
    }
    Ok(written)
}
