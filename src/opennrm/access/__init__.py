"""The access policy: who may see and do what, for every page, API operation and command.

``policy`` declares it (role x relation to the object x permission); ``evaluate`` answers
"may this user do this to this object?" and scopes querysets. Nothing else names roles.
"""
