"""The question bank on the Django admin site: items with their statistics and a student's-eye
preview, case studies with their six items, and the read-only versions students answered."""

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join

from core.admin import ReadOnlyAdmin
from core.exceptions import ApplicationError
from questions import itemtypes
from questions.authoring import question_create, question_update
from questions.bank_version import bank_changed
from questions.models import CaseStudy, Question, QuestionVersion

WRITABLE = ["exam", "type", "stem", "content", "answer", "rationale", "client_need", "cjmm_step", "difficulty"]
WRITABLE += ["calibrated", "status"]


class QuestionForm(forms.ModelForm):
    """The item checked by its type's rules, as the API checks it."""

    class Meta:
        model = Question
        fields = [*WRITABLE, "courses"]

    def clean(self):
        data = super().clean()
        errors = itemtypes.validate_item(data.get("type"), data.get("content"), data.get("answer"))
        if errors:
            raise forms.ValidationError([f"{path}: {'; '.join(messages)}" for path, messages in errors.items()])
        return data


def _options_html(options) -> str:
    return format_html_join("", "<li><b>{}</b> {}</li>", ((o.get("id", ""), o.get("text", "")) for o in options))


def item_preview(question: Question) -> str:
    """The item as a student sees it: stem, then options, rows, blanks or passages as plain HTML.
    Every value is escaped (format_html): item text is author input."""
    content = question.content if isinstance(question.content, dict) else {}
    parts = [format_html("<p><b>{}</b></p>", question.stem)]
    for key in ("text", "passage"):
        if isinstance(content.get(key), str):
            parts.append(format_html("<p>{}</p>", content[key]))
    for key in ("options", "tokens", "conditions", "actions", "parameters"):
        if isinstance(content.get(key), list):
            parts.append(format_html("<p><i>{}</i></p><ol>{}</ol>", key, _options_html(content[key])))
    if isinstance(content.get("rows"), list) and isinstance(content.get("columns"), list):
        header = format_html_join(
            "", "<th>{}</th>", ((c.get("text", c) if isinstance(c, dict) else c,) for c in content["columns"])
        )
        rows = format_html_join(
            "", "<tr><td>{}</td></tr>", ((r.get("text", "") if isinstance(r, dict) else r,) for r in content["rows"])
        )
        parts.append(format_html("<table><tr><th></th>{}</tr>{}</table>", header, rows))
    for key in ("blanks", "groups", "segments"):
        if isinstance(content.get(key), list):
            entries = format_html_join(
                "",
                "<li>{}: {}</li>",
                (
                    (
                        entry.get("id", ""),
                        ", ".join(str(o.get("text", "")) for o in entry.get("options", [])) or entry.get("text", ""),
                    )
                    for entry in content[key]
                    if isinstance(entry, dict)
                ),
            )
            parts.append(format_html("<p><i>{}</i></p><ul>{}</ul>", key, entries))
    if question.case_study_id:
        parts.insert(0, format_html("<p><i>Case study: {}</i></p>", question.case_study.scenario))
    return format_html_join("", "{}", ((part,) for part in parts))


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["case_position", "cjmm_step", "type", "stem", "status", "calibrated", "difficulty"]
    readonly_fields = fields
    ordering = ["case_position"]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # a case study's six items come with it (import), in clinical judgment order


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = [
        "short_stem",
        "type",
        "exam",
        "client_need",
        "status",
        "calibrated",
        "difficulty",
        "answers",
        "percent_correct",
        "discrimination",
        "needs_review",
    ]
    list_filter = ["exam", "type", "client_need", "status", "calibrated", "needs_review", "is_sample"]
    search_fields = ["stem"]
    readonly_fields = [
        "preview",
        "steps",
        "max_score",
        "version",
        "answer_count",
        "full_credit_count",
        "credit_sum",
        "discrimination",
        "median_seconds",
        "option_counts",
        "infit",
        "outfit",
        "case_study",
        "case_position",
        "created_by",
        "created_at",
        "updated_at",
    ]
    filter_horizontal = ["courses"]
    list_select_related = ["case_study"]

    form = QuestionForm

    def save_model(self, request, obj, form, change):
        # Through the authoring services: version 1 with a new item, a new version when an answered
        # item's text or key changes (SNAPSHOT_FIELDS), max_score computed.
        data = {name: form.cleaned_data[name] for name in WRITABLE if name in form.cleaned_data}
        if change:
            try:
                saved = question_update(author=request.user, question_id=obj.pk, data=data)
            except ApplicationError as refused:  # e.g. a case study's item published alone
                self.message_user(request, refused.message, level=messages.ERROR)
                return
        else:
            saved = question_create(author=request.user, data=data)
        obj.pk, obj.version, obj.max_score = saved.pk, saved.version, saved.max_score
        obj._state.adding = False

    @admin.display(description="stem")
    def short_stem(self, question):
        return question.stem[:90]

    @admin.display(description="answers", ordering="answer_count")
    def answers(self, question):
        return question.answer_count

    @admin.display(description="% correct", ordering="full_credit_count")
    def percent_correct(self, question):
        return question.peers_percent_correct

    @admin.display(description="preview")
    def preview(self, question):
        return item_preview(question) if question.pk else "-"

    def has_delete_permission(self, request, obj=None):
        # Answered items are retired, never deleted (the PROTECT foreign keys would refuse anyway).
        return super().has_delete_permission(request, obj) and (obj is None or obj.answer_count == 0)


@admin.register(CaseStudy)
class CaseStudyAdmin(admin.ModelAdmin):
    list_display = ["title", "exam", "status", "is_sample", "created_at"]
    list_filter = ["exam", "status", "is_sample"]
    search_fields = ["title", "scenario"]
    inlines = [QuestionInline]
    actions = ["publish", "retire"]

    @admin.action(description="Publish the selected case studies with their items")
    def publish(self, request, queryset):
        self._set_status(queryset, "published")

    @admin.action(description="Retire the selected case studies with their items")
    def retire(self, request, queryset):
        self._set_status(queryset, "retired")

    @staticmethod
    def _set_status(queryset, status: str) -> None:
        # A case study is served whole: its items always share its status.
        Question.objects.filter(case_study__in=queryset).update(status=status)
        queryset.update(status=status)
        bank_changed()  # update() sends no post_save


@admin.register(QuestionVersion)
class QuestionVersionAdmin(ReadOnlyAdmin):
    """What students saw: never edited here (edit the item; an answered item gets a new version)."""

    list_display = ["question", "number", "max_score", "created_at"]
    search_fields = ["stem"]
    readonly_fields = ["question", "number", "stem", "content", "answer", "rationale", "max_score", "created_at"]
