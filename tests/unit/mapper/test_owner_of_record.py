"""The owner of record wins over a first write's claim (decision 0010)."""

import uuid

from syncyard_mapper.integrations import owner_of_record


class TestSettle:
    def test_an_unclaimed_integration_is_recorded_for_its_owner(self) -> None:
        owner = uuid.uuid4()
        settled = owner_of_record.settle(claimed_by=None, announced=owner)
        assert settled == owner_of_record.Settlement(owner=owner, squatter=None, is_change=True)

    def test_the_owners_own_claim_is_left_as_it_is(self) -> None:
        owner = uuid.uuid4()
        settled = owner_of_record.settle(claimed_by=owner, announced=owner)
        assert settled == owner_of_record.Settlement(owner=owner, squatter=None, is_change=False)

    def test_another_tenants_claim_gives_way_to_the_owner(self) -> None:
        owner, squatter = uuid.uuid4(), uuid.uuid4()
        settled = owner_of_record.settle(claimed_by=squatter, announced=owner)
        assert settled == owner_of_record.Settlement(owner=owner, squatter=squatter, is_change=True)
