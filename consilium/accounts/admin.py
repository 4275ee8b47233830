"""Admin registration for accounts."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from consilium.accounts.models import User


@admin.register(User)
class ConsiliumUserAdmin(UserAdmin):
    list_display = ("username", "handle", "role", "is_staff")
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Consilium", {"fields": ("role", "handle")}))
