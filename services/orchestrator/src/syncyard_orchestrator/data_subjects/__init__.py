"""Erasing a person (GDPR art. 17): ``POST /v1/data-subjects/erase`` asks every service through
``data_subject.erase.requested.v1``; each erases its own tables (syncyard_common.data_subjects)
and reports what it erased; the receipt collects the reports. Only a salted hash of who was
erased is kept, here and in the activity log."""
