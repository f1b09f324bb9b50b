"""Canonical keys and official labels of the two report formats.

This module is the one place where the official Chinese labels live. Every enum member's
``value`` is its canonical key (``../shared/spec/schema.md``) and it carries its official
``label``; rows and columns nested under a spanning header also carry that header in
``groups`` (outermost first).
"""

from __future__ import annotations

import enum
from typing import Any

__all__ = [
    "ActiveColumn2019",
    "ActiveColumn2021",
    "ActiveRow2019",
    "ActiveRow2021",
    "AppealsColumn",
    "AppealsRow",
    "ApplicationsColumn",
    "ApplicationsRow",
    "KeyedEnum",
    "ReportFormat",
    "SectionKey",
    "TableKey",
    "ValueKind",
]


class ValueKind(enum.Enum):
    """What a column holds."""

    COUNT = "count"
    """A count of items: an ``int``, by the rules never negative."""
    SIGNED = "signed"
    """A signed change (本年增/减): an ``int`` that may be negative."""
    AMOUNT = "amount"
    """An amount in 万元: a :class:`~decimal.Decimal`."""


class KeyedEnum(enum.Enum):
    """An enum whose value is a canonical key and whose members carry official labels."""

    _value_: str
    label: str
    groups: tuple[str, ...]

    def __new__(cls, key: str, label: str, *extra: Any) -> KeyedEnum:
        member = object.__new__(cls)
        member._value_ = key
        member.label = label
        member.groups = ()
        return member

    @property
    def key(self) -> str:
        """The canonical key (same as ``value``)."""
        return self._value_

    @property
    def full_label(self) -> str:
        """The label with its spanning headers, joined by `` / `` as in the schema."""
        return " / ".join((*self.groups, self.label))

    @classmethod
    def coerce(cls, key: object) -> Any:
        """Return the member for a member or its key; raise ``KeyError`` naming the choices."""
        if isinstance(key, cls):
            return key
        if isinstance(key, str):
            member = cls._value2member_map_.get(key)
            if member is not None:
                return member
        choices = ", ".join(m.value for m in cls)
        raise KeyError(f"{key!r} is not a {cls.__name__} key (one of: {choices})")

    def __repr__(self) -> str:
        return f"<{type(self).__name__}.{self.name}: {self._value_!r} {self.label}>"


class ReportFormat(enum.Enum):
    """The official report format a report follows."""

    F2021 = "2021"
    """《中华人民共和国政府信息公开工作年度报告格式》(国办公开办函〔2021〕30号), years 2021 on."""
    F2019 = "2019"
    """《中华人民共和国政府信息公开工作年度报告格式（试行）》, years 2019 and 2020."""

    @property
    def official_name(self) -> str:
        return _FORMAT_NAMES[self]

    @classmethod
    def for_year(cls, year: int) -> ReportFormat:
        """The format in force for reports of ``year`` (2019 trial format up to 2020)."""
        return cls.F2019 if year <= 2020 else cls.F2021

    def __repr__(self) -> str:
        return f"<ReportFormat {self.value}>"


_FORMAT_NAMES = {
    ReportFormat.F2021: "中华人民共和国政府信息公开工作年度报告格式（国办公开办函〔2021〕30号）",
    ReportFormat.F2019: "中华人民共和国政府信息公开工作年度报告格式（试行）",
}


class SectionKey(KeyedEnum):
    """The six sections of a report; ``label`` is the official heading."""

    OVERVIEW = "overview", "一、总体情况"
    ACTIVE = "active", "二、主动公开政府信息情况"
    APPLICATIONS = "applications", "三、收到和处理政府信息公开申请情况"
    APPEALS = "appeals", "四、政府信息公开行政复议、行政诉讼情况"
    PROBLEMS = "problems", "五、存在的主要问题及改进情况"
    OTHER = "other", "六、其他需要报告的事项"


class TableKey(KeyedEnum):
    """The three statistics tables; ``label`` is the title of the section holding it."""

    ACTIVE = "active", "主动公开政府信息情况"
    APPLICATIONS = "applications", "收到和处理政府信息公开申请情况"
    APPEALS = "appeals", "政府信息公开行政复议、行政诉讼情况"


class _ColumnEnum(KeyedEnum):
    kind: ValueKind

    def __new__(
        cls, key: str, label: str, kind: ValueKind = ValueKind.COUNT, *groups: str
    ) -> _ColumnEnum:
        member = object.__new__(cls)
        member._value_ = key
        member.label = label
        member.kind = kind
        member.groups = tuple(groups)
        return member


class _RowEnum(KeyedEnum):
    def __new__(cls, key: str, label: str, *groups: str) -> _RowEnum:
        member = object.__new__(cls)
        member._value_ = key
        member.label = label
        member.groups = tuple(groups)
        return member


# --- Table 二, format 2021 -------------------------------------------------------------

_ITEM_1 = "第二十条第（一）项"
_ITEM_5 = "第二十条第（五）项"
_ITEM_6 = "第二十条第（六）项"
_ITEM_8 = "第二十条第（八）项"
_ITEM_9 = "第二十条第（九）项"


class ActiveRow2021(_RowEnum):
    """Rows of table 二 (第二十条 items) in the 2021 format; ``groups`` holds the item."""

    REGULATIONS = "regulations", "规章", _ITEM_1
    NORMATIVE_DOCUMENTS = "normative_documents", "行政规范性文件", _ITEM_1
    ADMINISTRATIVE_LICENSING = "administrative_licensing", "行政许可", _ITEM_5
    ADMINISTRATIVE_PENALTY = "administrative_penalty", "行政处罚", _ITEM_6
    ADMINISTRATIVE_COERCION = "administrative_coercion", "行政强制", _ITEM_6
    ADMINISTRATIVE_FEES = "administrative_fees", "行政事业性收费", _ITEM_8


class ActiveColumn2021(_ColumnEnum):
    """Columns of table 二 in the 2021 format."""

    ISSUED = "issued", "本年制发件数"
    REPEALED = "repealed", "本年废止件数"
    IN_FORCE = "in_force", "现行有效件数"
    DECISIONS = "decisions", "本年处理决定数量"
    AMOUNT = "amount", "本年收费金额（单位：万元）", ValueKind.AMOUNT


# --- Table 二, format 2019 -------------------------------------------------------------


class ActiveRow2019(_RowEnum):
    """Rows of table 二 in the 2019 trial format; ``groups`` holds the item."""

    REGULATIONS = "regulations", "规章", _ITEM_1
    NORMATIVE_DOCUMENTS = "normative_documents", "规范性文件", _ITEM_1
    ADMINISTRATIVE_LICENSING = "administrative_licensing", "行政许可", _ITEM_5
    OTHER_EXTERNAL_SERVICES = "other_external_services", "其他对外管理服务事项", _ITEM_5
    ADMINISTRATIVE_PENALTY = "administrative_penalty", "行政处罚", _ITEM_6
    ADMINISTRATIVE_COERCION = "administrative_coercion", "行政强制", _ITEM_6
    ADMINISTRATIVE_FEES = "administrative_fees", "行政事业性收费", _ITEM_8
    CENTRALIZED_PROCUREMENT = "centralized_procurement", "政府集中采购", _ITEM_9


class ActiveColumn2019(_ColumnEnum):
    """Columns of table 二 in the 2019 trial format."""

    NEWLY_MADE = "newly_made", "本年新制作数量"
    NEWLY_DISCLOSED = "newly_disclosed", "本年新公开数量"
    TOTAL_DISCLOSED = "total_disclosed", "对外公开总数量"
    PREVIOUS_YEAR_ITEMS = "previous_year_items", "上一年项目数量"
    CHANGE = "change", "本年增/减", ValueKind.SIGNED
    DECISIONS = "decisions", "处理决定数量"
    PROCUREMENT_ITEMS = "procurement_items", "采购项目数量"
    PROCUREMENT_AMOUNT = "procurement_amount", "采购总金额", ValueKind.AMOUNT


# --- Table 三 ---------------------------------------------------------------------------

_LEGAL = "法人或其他组织"


class ApplicationsColumn(_ColumnEnum):
    """Columns of table 三 (applicants), both formats.

    ``LEGAL_PERSON_SUBTOTAL`` is the 8th column some real reports add; it is not part of
    the official layout.
    """

    NATURAL_PERSON = "natural_person", "自然人"
    COMMERCIAL_ENTERPRISE = "commercial_enterprise", "商业企业", ValueKind.COUNT, _LEGAL
    RESEARCH_INSTITUTION = "research_institution", "科研机构", ValueKind.COUNT, _LEGAL
    SOCIAL_WELFARE_ORGANIZATION = (
        "social_welfare_organization",
        "社会公益组织",
        ValueKind.COUNT,
        _LEGAL,
    )
    LEGAL_SERVICE_AGENCY = "legal_service_agency", "法律服务机构", ValueKind.COUNT, _LEGAL
    OTHER_ORGANIZATION = "other_organization", "其他", ValueKind.COUNT, _LEGAL
    LEGAL_PERSON_SUBTOTAL = "legal_person_subtotal", "小计", ValueKind.COUNT, _LEGAL
    TOTAL = "total", "总计"


_RESULTS = "三、本年度办理结果"
_DENIED = "（三）不予公开"
_UNAVAILABLE = "（四）无法提供"
_NOT_PROCESSED = "（五）不予处理"
_OTHER = "（六）其他处理"


class ApplicationsRow(_RowEnum):
    """Rows of table 三. ``OTHER_OVERDUE_*``/``OTHER_MISC`` are 2021 only;
    ``OTHER_PROCESSING`` is the 2019 format's, and a 2021 table's only where its template
    prints （六）其他处理 as one row."""

    NEW_REQUESTS = "new_requests", "一、本年新收政府信息公开申请数量"
    CARRIED_OVER = "carried_over", "二、上年结转政府信息公开申请数量"
    GRANTED = "granted", "（一）予以公开", _RESULTS
    PARTIALLY_GRANTED = (
        "partially_granted",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        _RESULTS,
    )
    DENIED_STATE_SECRET = "denied_state_secret", "1.属于国家秘密", _RESULTS, _DENIED
    DENIED_PROHIBITED_BY_LAW = (
        "denied_prohibited_by_law",
        "2.其他法律行政法规禁止公开",
        _RESULTS,
        _DENIED,
    )
    DENIED_SECURITY_STABILITY = (
        "denied_security_stability",
        "3.危及“三安全一稳定”",
        _RESULTS,
        _DENIED,
    )
    DENIED_THIRD_PARTY_RIGHTS = (
        "denied_third_party_rights",
        "4.保护第三方合法权益",
        _RESULTS,
        _DENIED,
    )
    DENIED_INTERNAL_AFFAIRS = (
        "denied_internal_affairs",
        "5.属于三类内部事务信息",
        _RESULTS,
        _DENIED,
    )
    DENIED_PROCESS_INFORMATION = (
        "denied_process_information",
        "6.属于四类过程性信息",
        _RESULTS,
        _DENIED,
    )
    DENIED_ENFORCEMENT_FILES = (
        "denied_enforcement_files",
        "7.属于行政执法案卷",
        _RESULTS,
        _DENIED,
    )
    DENIED_INQUIRY_MATTERS = "denied_inquiry_matters", "8.属于行政查询事项", _RESULTS, _DENIED
    UNAVAILABLE_NOT_HELD = (
        "unavailable_not_held",
        "1.本机关不掌握相关政府信息",
        _RESULTS,
        _UNAVAILABLE,
    )
    UNAVAILABLE_NEEDS_CREATION = (
        "unavailable_needs_creation",
        "2.没有现成信息需要另行制作",
        _RESULTS,
        _UNAVAILABLE,
    )
    UNAVAILABLE_UNCLEAR = (
        "unavailable_unclear",
        "3.补正后申请内容仍不明确",
        _RESULTS,
        _UNAVAILABLE,
    )
    NOT_PROCESSED_COMPLAINT = (
        "not_processed_complaint",
        "1.信访举报投诉类申请",
        _RESULTS,
        _NOT_PROCESSED,
    )
    NOT_PROCESSED_DUPLICATE = "not_processed_duplicate", "2.重复申请", _RESULTS, _NOT_PROCESSED
    NOT_PROCESSED_PUBLICATION = (
        "not_processed_publication",
        "3.要求提供公开出版物",
        _RESULTS,
        _NOT_PROCESSED,
    )
    NOT_PROCESSED_EXCESSIVE = (
        "not_processed_excessive",
        "4.无正当理由大量反复申请",
        _RESULTS,
        _NOT_PROCESSED,
    )
    NOT_PROCESSED_CONFIRMATION = (
        "not_processed_confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        _RESULTS,
        _NOT_PROCESSED,
    )
    OTHER_OVERDUE_CORRECTION = (
        "other_overdue_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        _RESULTS,
        _OTHER,
    )
    OTHER_OVERDUE_FEE = (
        "other_overdue_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        _RESULTS,
        _OTHER,
    )
    OTHER_MISC = "other_misc", "3.其他", _RESULTS, _OTHER
    OTHER_PROCESSING = "other_processing", "（六）其他处理", _RESULTS
    TOTAL_PROCESSED = "total_processed", "（七）总计", _RESULTS
    CARRIED_FORWARD = "carried_forward", "四、结转下年度继续办理"

    @property
    def is_outcome(self) -> bool:
        """True for the rows that add up to （七）总计 (予以公开 … 其他处理)."""
        return self not in _NOT_OUTCOMES


_NOT_OUTCOMES = frozenset(
    {
        ApplicationsRow.NEW_REQUESTS,
        ApplicationsRow.CARRIED_OVER,
        ApplicationsRow.TOTAL_PROCESSED,
        ApplicationsRow.CARRIED_FORWARD,
    }
)


# --- Table 四 ---------------------------------------------------------------------------


class AppealsRow(_RowEnum):
    """The three groups of table 四 (administrative review, two kinds of litigation)."""

    ADMINISTRATIVE_REVIEW = "administrative_review", "行政复议"
    LITIGATION_DIRECT = "litigation_direct", "未经复议直接起诉", "行政诉讼"
    LITIGATION_AFTER_REVIEW = "litigation_after_review", "复议后起诉", "行政诉讼"


class AppealsColumn(_ColumnEnum):
    """The five columns of each group of table 四."""

    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"
    TOTAL = "total", "总计"
