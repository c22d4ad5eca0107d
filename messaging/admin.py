# Deliberately empty: messages are private to their two participants (contract section 3), so
# neither they nor the inbox rows that quote them are shown in the Django admin site.
