"""The DPO dashboard (Streamlit + Plotly) over the marts: `consentmart dashboard`."""
