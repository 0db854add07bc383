//! The key tables of front matter and site.yaml: every key a reader accepts, its Chinese
//! alias, its value type and enum values. The readers ([`crate::model::read`],
//! [`crate::config`]) pass these tables to [`crate::fields::MapReader`], and
//! [`crate::schema`] generates the JSON Schemas from the same tables, so a key added to a
//! reader is in the schema.

use crate::config::{BodyKind, FRESHNESS, KINDS};
use crate::model::types::{CleanupResult, DecisionStatus, Disclosure, Kind, Stage, Validity};

/// What a key's value is.
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    Str,
    /// `2021-05-21` or `2021年5月21日`.
    Date,
    Bool,
    Int,
    Enum(&'static [&'static str]),
    /// One text or a list of texts.
    Strs,
    /// A list of values from the enum.
    EnumList(&'static [&'static str]),
    /// A list of dates.
    Dates,
    /// A mapping with these keys.
    Map(&'static [Field]),
    /// One mapping with these keys, or a list of them.
    MapOrList(&'static [Field]),
    /// A list of mappings with these keys.
    List(&'static [Field]),
    /// A mapping from these names to lists of mappings (site.yaml `sections`).
    Lists(&'static [&'static str], &'static [Field]),
    /// A mapping from each check rule to `error | warning | off` (site.yaml `check`).
    RuleLevels,
    /// A structure the reader checks itself (the annual report tables); the schema only
    /// says it is a mapping.
    Table,
}

/// One key of a mapping.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub key: &'static str,
    pub zh: Option<&'static str>,
    pub ty: Ty,
    pub required: bool,
    /// One line for editors (shown by an editor on hover).
    pub doc: &'static str,
}

const fn f(key: &'static str, zh: Option<&'static str>, ty: Ty, doc: &'static str) -> Field {
    Field {
        key,
        zh,
        ty,
        required: false,
        doc,
    }
}

const fn req(key: &'static str, zh: Option<&'static str>, ty: Ty, doc: &'static str) -> Field {
    Field {
        key,
        zh,
        ty,
        required: true,
        doc,
    }
}

// ---- front matter ----

/// A document's front matter.
pub const FRONT_MATTER: &[Field] = &[
    req("title", Some("标题"), Ty::Str, "标题"),
    req(
        "disclosure",
        Some("公开属性"),
        Ty::Enum(Disclosure::NAMES),
        "公开属性：由编辑选定，没有默认值",
    ),
    req(
        "issuer",
        Some("发布机构"),
        Ty::Strs,
        "发布机构：site.yaml `units` 中的名称或简称；联合发文写成列表",
    ),
    req(
        "date",
        Some("成文日期"),
        Ty::Date,
        "成文日期，如 2021-05-21 或 2021年5月21日",
    ),
    f(
        "published",
        Some("发布日期"),
        Ty::Date,
        "发布日期；晚于今天则到期才发布（定时发布）",
    ),
    f(
        "doc_number",
        Some("文号"),
        Ty::Str,
        "文号，如 罗政办字〔2021〕20号",
    ),
    f(
        "index_number",
        Some("索引号"),
        Ty::Str,
        "索引号 <单位代码>/<年份>-<5位流水号>；由 gongkai new / index-numbers 分配",
    ),
    f(
        "kind",
        Some("信息类别"),
        Ty::Enum(Kind::NAMES),
        "信息类别，默认 一般信息",
    ),
    f(
        "interpretation",
        Some("政策解读"),
        Ty::Strs,
        "本文件的政策解读（文档路径或完整网址）",
    ),
    f(
        "interprets",
        Some("解读对象"),
        Ty::Strs,
        "政策解读所解读的文件（文档路径）",
    ),
    f("topics", Some("主题分类"), Ty::Strs, "主题分类"),
    f(
        "attachments",
        Some("附件"),
        Ty::Strs,
        "附件：与文档同目录的文件名",
    ),
    f("summary", Some("摘要"), Ty::Str, "摘要"),
    f("slug", None, Ty::Str, "页面地址的最后一段（默认取文件名）"),
    f("draft", None, Ty::Bool, "true = 草稿，不发布"),
    f("registration", Some("登记号"), Ty::Str, "规范性文件登记号"),
    f(
        "validity",
        Some("效力"),
        Ty::Enum(Validity::NAMES),
        "规范性文件效力",
    ),
    f("valid_from", Some("施行日期"), Ty::Date, "施行日期"),
    f("valid_until", Some("有效期至"), Ty::Date, "有效期至"),
    f("invalid_from", Some("失效日期"), Ty::Date, "失效日期"),
    f(
        "cleanup",
        Some("清理"),
        Ty::MapOrList(CLEANUP),
        "规范性文件清理记录",
    ),
    f("replaces", None, Ty::Strs, "本文件替代的文件（文档路径）"),
    f(
        "replaced_by",
        None,
        Ty::Strs,
        "替代本文件的文件（文档路径）",
    ),
    f(
        "decision",
        None,
        Ty::Map(DECISION),
        "重大决策事项（kind: 重大决策事项）",
    ),
    f(
        "decision_stage",
        None,
        Ty::Map(DECISION_STAGE),
        "本文件是哪个重大决策事项的哪个阶段",
    ),
    f(
        "report",
        None,
        Ty::Map(REPORT),
        "政府信息公开工作年度报告的统计表",
    ),
    f(
        "catalog",
        Some("目录事项"),
        Ty::Str,
        "本文件对应的标准目录事项编号（catalog.yaml 的 id）",
    ),
];

/// Keys of a 规范性文件's lifecycle (only for `kind: 规范性文件` and 政策文件).
pub const NORMATIVE_KEYS: &[&str] = &[
    "registration",
    "validity",
    "valid_from",
    "valid_until",
    "invalid_from",
    "cleanup",
    "replaces",
    "replaced_by",
];

/// One `cleanup` record.
pub const CLEANUP: &[Field] = &[
    req("year", Some("年度"), Ty::Int, "清理年度"),
    req(
        "result",
        Some("结果"),
        Ty::Enum(CleanupResult::NAMES),
        "清理结果",
    ),
    f("note", Some("说明"), Ty::Str, "说明"),
];

/// `decision:` of a 重大决策事项.
pub const DECISION: &[Field] = &[
    req("id", None, Ty::Str, "事项编号，如 LZJC-2021-01"),
    req("year", None, Ty::Int, "目录年度"),
    f("undertaker", Some("承办单位"), Ty::Str, "承办单位"),
    f(
        "status",
        Some("状态"),
        Ty::Enum(DecisionStatus::NAMES),
        "决策状态",
    ),
];

/// `decision_stage:` of a document that is one stage of a 重大决策事项.
pub const DECISION_STAGE: &[Field] = &[
    req("id", None, Ty::Str, "所属决策事项的编号"),
    req("stage", Some("阶段"), Ty::Enum(Stage::NAMES), "阶段"),
];

/// `report:` of an annual report (the tables are checked by the reader).
pub const REPORT: &[Field] = &[
    req("year", Some("年度"), Ty::Int, "报告年度"),
    f("主动公开", None, Ty::Table, "表二 主动公开政府信息情况"),
    f(
        "依申请公开",
        None,
        Ty::Table,
        "表三 收到和处理政府信息公开申请情况",
    ),
    f(
        "复议诉讼",
        None,
        Ty::Table,
        "表四 政府信息公开行政复议、行政诉讼情况",
    ),
];

// ---- site.yaml ----

/// site.yaml.
pub const SITE: &[Field] = &[
    req("title", None, Ty::Str, "网站名称"),
    req(
        "base_url",
        None,
        Ty::Str,
        "对外发布地址，以 / 结尾，如 https://www.example.gov.cn/xxgk/",
    ),
    f(
        "organization",
        None,
        Ty::Str,
        "本级政府名称（默认取 title）",
    ),
    f("theme", None, Ty::Str, "themes/ 下的主题目录名"),
    req("units", None, Ty::List(UNIT), "发布机构"),
    req("columns", None, Ty::List(COLUMN), "栏目"),
    f("rules", None, Ty::Map(RULES), "检查规则的设置"),
    f(
        "paginate_by",
        None,
        Ty::Int,
        "列表每页条数（1–500，默认 20）",
    ),
    f("allow_raw_html", None, Ty::Bool, "允许正文中的原始 HTML"),
    f("deploy", None, Ty::Map(DEPLOY), "部署目标"),
    f(
        "check",
        None,
        Ty::RuleLevels,
        "各检查规则的级别：error | warning | off",
    ),
    f(
        "sections",
        None,
        Ty::Lists(SECTION_KINDS, COLUMN),
        "部门、镇街各自的栏目（按公开主体类型）",
    ),
];

/// Body kinds that may have `sections` (本级政府's columns are `columns:`).
pub const SECTION_KINDS: &[&str] = &["部门", "镇街"];

/// One `units` entry.
pub const UNIT: &[Field] = &[
    req("name", None, Ty::Str, "单位名称"),
    f("aliases", None, Ty::Strs, "简称（文档的 issuer 可用）"),
    f(
        "code",
        None,
        Ty::Str,
        "统一社会信用代码（18位），索引号前缀",
    ),
    f("body", None, Ty::Enum(BodyKind::NAMES), "公开主体类型"),
    f(
        "path",
        None,
        Ty::Str,
        "部门、镇街的信息公开目录（content/ 下），如 bm/jtj",
    ),
    f("contact", None, Ty::Map(CONTACT), "联系方式"),
];

/// `contact` of a unit.
pub const CONTACT: &[Field] = &[
    f("address", Some("地址"), Ty::Str, "地址"),
    f("phone", Some("电话"), Ty::Str, "电话"),
    f("email", Some("邮箱"), Ty::Str, "邮箱"),
    f("hours", Some("办公时间"), Ty::Str, "办公时间"),
];

/// One `columns` (or `sections.<kind>`) entry.
pub const COLUMN: &[Field] = &[
    req(
        "path",
        None,
        Ty::Str,
        "栏目目录（content/ 下），如 fdzdgknr/gfxwj",
    ),
    req("title", None, Ty::Str, "栏目名称"),
    f(
        "freshness",
        None,
        Ty::Enum(FRESHNESS),
        "更新要求：news 2周、policy 6个月、planning 1年、none 不检查（默认 policy）",
    ),
    f("description", None, Ty::Str, "栏目说明"),
];

/// `rules:`.
pub const RULES: &[Field] = &[
    f(
        "interpretation_required",
        None,
        Ty::EnumList(KINDS),
        "须有政策解读的信息类别",
    ),
    f(
        "cleanup_since",
        None,
        Ty::Date,
        "此日期及以后的规范性文件须有清理记录",
    ),
    f("cleanup_year", None, Ty::Int, "本轮清理年度"),
    f(
        "registration_since",
        None,
        Ty::Date,
        "此日期及以后的规范性文件须有登记号和施行日期",
    ),
    f(
        "publish_within_working_days",
        None,
        Ty::Int,
        "成文后几个工作日内公开（默认 20）",
    ),
    f("holidays", None, Ty::Dates, "额外的放假日"),
    f("extra_workdays", None, Ty::Dates, "额外的调休上班日"),
    f(
        "annual_report_due",
        None,
        Ty::Map(ANNUAL_REPORT_DUE),
        "各类公开主体年报的截止日（MM-DD）",
    ),
];

/// `rules.annual_report_due`.
pub const ANNUAL_REPORT_DUE: &[Field] = &[
    f("本级政府", None, Ty::Str, "截止日 MM-DD（默认 03-31）"),
    f("部门", None, Ty::Str, "截止日 MM-DD（默认 01-31）"),
    f("镇街", None, Ty::Str, "截止日 MM-DD（默认 01-31）"),
];

/// `deploy:`.
pub const DEPLOY: &[Field] = &[f("targets", None, Ty::List(DEPLOY_TARGET), "部署目标列表")];

/// One `deploy.targets` entry.
pub const DEPLOY_TARGET: &[Field] = &[
    req("name", None, Ty::Str, "目标名称"),
    req(
        "url",
        None,
        Ty::Str,
        "rsync+ssh://用户@主机:端口/路径 或 file:///路径",
    ),
    f("keep", None, Ty::Int, "保留的发布版本数（默认 5）"),
    f("verify_url", None, Ty::Str, "部署后核验的网址"),
];

/// `&[KeySpec]` for [`crate::fields::MapReader`].
pub fn specs(fields: &[Field]) -> Vec<crate::fields::KeySpec> {
    fields.iter().map(|f| (f.key, f.zh)).collect()
}
