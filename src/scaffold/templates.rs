//! The text `gongkai new` writes: front matter for one 信息类别 (`kind`) with a comment on every key.
//!
//! Comments use full-width punctuation on purpose: the YAML line finder in `frontmatter`
//! treats an ASCII `key:` after `-`, `{` or `,` as a key, so examples in comments must not
//! look like keys.

use std::fmt::Write;

use crate::config::SiteConfig;
use crate::dates::Date;
use crate::model::types::Kind;

/// Everything a new document's text depends on.
pub struct NewDoc<'a> {
    pub cfg: &'a SiteConfig,
    /// Content path, e.g. `fdzdgknr/gfxwj/2021-lzzf-3.md`.
    pub rel: &'a str,
    pub kind: Kind,
    pub today: Date,
    /// Index of the issuing unit in `cfg.units`.
    pub unit: usize,
    pub index_number: &'a str,
    /// Catalog id for a 重大决策事项.
    pub decision_id: String,
    /// For a 政策解读: the document it explains, when known (content path).
    pub interprets: Option<String>,
    /// For a 年度报告: what the `report:` skeleton prefills from the site.
    pub report: Option<super::report::Prefill>,
}

/// Up to `max` unit names, for a comment.
fn unit_list(cfg: &SiteConfig, max: usize) -> String {
    let names: Vec<&str> = cfg.units.iter().map(|u| u.name.as_str()).collect();
    if names.len() <= max {
        names.join("、")
    } else {
        format!(
            "{}等{}个单位（见 site.yaml）",
            names[..max].join("、"),
            names.len()
        )
    }
}

/// A column for 政策解读, to suggest where the interpretation goes.
fn interpretation_column(cfg: &SiteConfig) -> Option<&str> {
    cfg.columns
        .iter()
        .find(|c| c.title.contains("解读"))
        .map(|c| c.path.as_str())
}

/// File name without folder and `.md`.
pub fn stem(rel: &str) -> &str {
    rel.rsplit('/')
        .next()
        .unwrap_or(rel)
        .trim_end_matches(".md")
}

/// The whole file: front matter, then an empty (or, for 年度报告, outlined) body.
pub fn new_document(d: &NewDoc) -> String {
    let cfg = d.cfg;
    let unit = &cfg.units[d.unit].name;
    let year = d.today.year;
    let mut s = String::from("---\n");
    let w = &mut s;
    let _ = writeln!(
        w,
        "# 由 gongkai new 于 {} 生成（信息类别：{}）。以 # 开头的行是填写说明，可以删除。",
        d.today,
        d.kind.cn()
    );
    let title = match d.kind {
        Kind::AnnualReport => format!("{}{}年政府信息公开工作年度报告", cfg.organization, year - 1),
        _ => "请填写标题".to_string(),
    };
    let _ = writeln!(w, "# 标题");
    let _ = writeln!(w, "title: {title}");
    let _ = writeln!(
        w,
        "# 公开属性（必填，没有默认值）：主动公开 | 依申请公开 | 不予公开"
    );
    let _ = writeln!(
        w,
        "# 按“公文公开属性源头认定”在起草时选定；选定之前 gongkai build 会拒绝本文件。"
    );
    let _ = writeln!(
        w,
        "# disclosure is required and has no default — the build refuses this file until you choose."
    );
    let _ = writeln!(w, "disclosure:");
    let _ = writeln!(
        w,
        "# 发布机构：site.yaml 中 units 的名称或简称；联合发文写成列表 [甲单位, 乙单位]"
    );
    let _ = writeln!(w, "# 本站单位：{}", unit_list(cfg, 6));
    let _ = writeln!(w, "issuer: {unit}");
    let _ = writeln!(w, "# 成文日期，写作 {} 或 {}", d.today, d.today.cn());
    let _ = writeln!(w, "date: {}", d.today);
    let _ = writeln!(
        w,
        "# 发布日期（可选）：省略时同成文日期；晚于今天则到该日才发布"
    );
    let _ = writeln!(w, "# published: {}", d.today);
    let _ = writeln!(
        w,
        "# 索引号：按发布机构和成文年份自动编号，编定后不再改动。"
    );
    let _ = writeln!(
        w,
        "# 如改了发布机构或成文年份，请清空此值，再运行 gongkai index-numbers --write 重新取号。"
    );
    let _ = writeln!(
        w,
        "index_number: {}",
        super::edit::yaml_scalar(d.index_number)
    );
    let _ = writeln!(
        w,
        "# 信息类别：规范性文件 | 政策文件 | 政策解读 | 年度报告 | 重大决策事项 | 一般信息"
    );
    let _ = writeln!(w, "kind: {}", d.kind.cn());
    kind_keys(w, d, unit, year);
    let _ = writeln!(w, "# 主题分类，如 [教育, 就业创业]");
    let _ = writeln!(w, "topics: []");
    let _ = writeln!(w, "# 摘要（可选），显示在列表和搜索结果中");
    let _ = writeln!(w, "summary:");
    let _ = writeln!(w, "---");
    let _ = writeln!(w);
    if d.kind == Kind::AnnualReport {
        w.push_str(&super::report::body());
    }
    s
}

/// The keys only some kinds have (文号, lifecycle, 解读, the 年度报告 tables, the decision
/// item), with their filling notes.
fn kind_keys(w: &mut String, d: &NewDoc, unit: &str, year: i32) {
    let cfg = d.cfg;
    match d.kind {
        Kind::Normative => {
            doc_number(w, year);
            normative_keys(w, year);
            interpretation(w, cfg, d.rel);
        }
        Kind::Policy => {
            doc_number(w, year);
            interpretation(w, cfg, d.rel);
        }
        Kind::AnnualReport => {
            interpretation(w, cfg, d.rel);
            let pre = d.report.clone().unwrap_or_default();
            w.push_str(&super::report::report_yaml(year - 1, &pre));
        }
        Kind::Interpretation => {
            let _ = writeln!(
                w,
                "# 解读对象：被解读文件的 content path（相对 content/），多个写成列表；"
            );
            let _ = writeln!(
                w,
                "# 被解读文件的 interpretation 也可指向本文，两边互相链接"
            );
            match &d.interprets {
                Some(p) => {
                    let _ = writeln!(w, "interprets: {}", super::edit::yaml_scalar(p));
                }
                None => {
                    let _ = writeln!(w, "interprets:");
                }
            }
        }
        Kind::Decision => {
            let _ = writeln!(
                w,
                "# 重大行政决策事项目录条目。各阶段文件（决策草案、制订背景、意见征集采纳情况、会议审议情况、决策结果）"
            );
            let _ = writeln!(
                w,
                "# 在各自的 front matter 中写 decision_stage 映射，含本事项编号 id 和阶段 stage"
            );
            let _ = writeln!(w, "decision:");
            let _ = writeln!(w, "  # 事项编号，全站唯一");
            let _ = writeln!(w, "  id: {}", d.decision_id);
            let _ = writeln!(w, "  # 目录年度");
            let _ = writeln!(w, "  year: {year}");
            let _ = writeln!(w, "  # 承办单位");
            let _ = writeln!(w, "  undertaker: {unit}");
            let _ = writeln!(w, "  # 状态：拟决策 | 已决策 | 已终止");
            let _ = writeln!(w, "  status: 拟决策");
        }
        Kind::General => {}
    }
}

/// A 规范性文件's lifecycle keys (登记号, validity, dates, cleanup), with their notes.
fn normative_keys(w: &mut String, year: i32) {
    let _ = writeln!(
        w,
        "# 登记号（合法性审查、备案登记编号），如 LZDR-{year}-0010001"
    );
    let _ = writeln!(w, "registration:");
    let _ = writeln!(w, "# 效力：有效 | 已修改 | 已废止 | 已失效");
    let _ = writeln!(w, "validity: 有效");
    let _ = writeln!(w, "# 施行日期");
    let _ = writeln!(w, "valid_from:");
    let _ = writeln!(w, "# 有效期至（设有有效期的文件填写；过期后显示为已失效）");
    let _ = writeln!(w, "valid_until:");
    let _ = writeln!(
        w,
        "# 清理记录（清理时填写）：结果为 继续有效 | 修改 | 废止 | 宣布失效，例如"
    );
    let _ = writeln!(
        w,
        "# cleanup: {{year: {year}, result: 继续有效, note: 经清理继续有效}}"
    );
    let _ = writeln!(w, "cleanup:");
}

fn doc_number(w: &mut String, year: i32) {
    let _ = writeln!(w, "# 文号，年份用六角括号〔〕，如 某政办发〔{year}〕1号");
    let _ = writeln!(w, "doc_number:");
}

fn interpretation(w: &mut String, cfg: &SiteConfig, rel: &str) {
    let _ = writeln!(
        w,
        "# 政策解读（“三同步”：与本文件同步起草、同步审签、同步发布）：解读文件的 content path 或 https:// 网址"
    );
    if let Some(col) = interpretation_column(cfg) {
        let jd = format!("{col}/{}-jd.md", stem(rel));
        let _ = writeln!(w, "# 例如 {jd}，可用 gongkai new {jd} --kind 政策解读 创建");
    }
    let _ = writeln!(w, "interpretation:");
}
