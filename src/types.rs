//! Enumerations of the domain (公开属性, 信息类别, 效力, 清理结果, 决策阶段) with their Chinese names.
//! A bottom-layer module (serde only): config, model and everything above use it.

use serde::Serialize;

macro_rules! cn_enum {
    ($(#[$m:meta])* $name:ident { $($var:ident = $cn:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($var),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$var),+];
            pub const NAMES: &'static [&'static str] = &[$($cn),+];
            /// The Chinese name used in front matter and output.
            pub fn cn(self) -> &'static str {
                match self { $($name::$var => $cn),+ }
            }
            pub fn from_cn(s: &str) -> Option<$name> {
                match s { $($cn => Some($name::$var),)+ _ => None }
            }
        }
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.cn())
            }
        }
    };
}

cn_enum!(
    /// 公开属性
    Disclosure { Public = "主动公开", OnRequest = "依申请公开", Withheld = "不予公开" }
);
cn_enum!(
    /// 信息类别 (the site's document classes; not 文种, the 15 公文 types)
    Kind {
        Normative = "规范性文件",
        Policy = "政策文件",
        Interpretation = "政策解读",
        AnnualReport = "年度报告",
        Decision = "重大决策事项",
        General = "一般信息",
    }
);
cn_enum!(
    /// 效力
    Validity { Valid = "有效", Modified = "已修改", Repealed = "已废止", Expired = "已失效" }
);
cn_enum!(
    /// 清理结果
    CleanupResult { Continue = "继续有效", Modify = "修改", Repeal = "废止", Invalidate = "宣布失效" }
);
cn_enum!(
    /// 重大行政决策事项状态
    DecisionStatus { Planned = "拟决策", Decided = "已决策", Terminated = "已终止" }
);
cn_enum!(
    /// 决策阶段, in catalog order
    Stage {
        Draft = "决策草案",
        Background = "制订背景",
        Opinions = "意见征集采纳情况",
        Review = "会议审议情况",
        Result = "决策结果",
        Interpretation = "政策解读",
        Evaluation = "执行评估",
    }
);

impl Kind {
    /// ASCII URL segment of the by-kind listing.
    pub fn slug(self) -> &'static str {
        match self {
            Kind::Normative => "normative",
            Kind::Policy => "policy",
            Kind::Interpretation => "interpretation",
            Kind::AnnualReport => "annual-report",
            Kind::Decision => "decision",
            Kind::General => "general",
        }
    }
}

impl Validity {
    pub fn slug(self) -> &'static str {
        match self {
            Validity::Valid => "youxiao",
            Validity::Modified => "yixiugai",
            Validity::Repealed => "yifeizhi",
            Validity::Expired => "yishixiao",
        }
    }
}

impl CleanupResult {
    /// The validity a document must have after this cleanup result.
    pub fn implied_validity(self) -> Validity {
        match self {
            CleanupResult::Continue => Validity::Valid,
            CleanupResult::Modify => Validity::Modified,
            CleanupResult::Repeal => Validity::Repealed,
            CleanupResult::Invalidate => Validity::Expired,
        }
    }
}

impl Stage {
    /// The five stages a catalog must hyperlink (国务院令第713号).
    pub const REQUIRED: &'static [Stage] = &[
        Stage::Draft,
        Stage::Background,
        Stage::Opinions,
        Stage::Review,
        Stage::Result,
    ];

    /// Stages that may have several documents.
    pub fn allows_several(self) -> bool {
        matches!(
            self,
            Stage::Opinions | Stage::Interpretation | Stage::Evaluation
        )
    }
}
