"""The code step of signing in: a code from the authenticator app, or a recovery code."""

from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(max_length=32)
