"""The administrator's screens: users, roles and scopes, and the permission table (data, not code)."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from .models import AccessLog, ChangeRecord, Permission, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "role", "scope_unit", "is_active", "last_login")
    list_filter = ("role", "is_active")
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("Koshi", {"fields": ("role", "scope_unit", "person")}))
    raw_id_fields = ("person",)


@admin.register(Permission)
class PermissionAdmin(admin.ModelAdmin):
    list_display = ("role", "action", "kind", "scope")
    list_filter = ("role", "action", "scope")


class ReadOnlyAdmin(admin.ModelAdmin):
    """The audit trail is read-only here as everywhere."""

    def has_add_permission(self, request: HttpRequest) -> Any:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> Any:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> Any:
        return False


@admin.register(ChangeRecord)
class ChangeRecordAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_label", "action", "kind", "object_id", "label")
    list_filter = ("action", "kind")


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_label", "event", "kind", "object_id", "ip")
    list_filter = ("event",)
